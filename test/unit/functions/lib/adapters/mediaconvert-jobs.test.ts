import { CancelJobCommand } from '@aws-sdk/client-mediaconvert';
import type { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { cancelMediaConvertJob } from '../../../../../functions/lib/adapters/mediaconvert-jobs';

function clientFailingWith(name: string | undefined) {
  const send = jest.fn(async (_command: CancelJobCommand) => {
    if (name) throw Object.assign(new Error(name), { name });
    return {};
  });
  return { client: { send } as unknown as MediaConvertClient, send };
}

describe('cancelMediaConvertJob', () => {
  test('sends CancelJob for the job', async () => {
    const { client, send } = clientFailingWith(undefined);
    await cancelMediaConvertJob(client, '1700000000000-abc123');
    expect(send.mock.calls[0]?.[0]).toBeInstanceOf(CancelJobCommand);
    expect(send.mock.calls[0]?.[0].input).toEqual({ Id: '1700000000000-abc123' });
  });

  test('a job that ended already or is unknown is not an error; anything else is', async () => {
    await expect(cancelMediaConvertJob(clientFailingWith('ConflictException').client, 'j')).resolves.toBeUndefined();
    await expect(cancelMediaConvertJob(clientFailingWith('NotFoundException').client, 'j')).resolves.toBeUndefined();
    await expect(cancelMediaConvertJob(clientFailingWith('TooManyRequestsException').client, 'j')).rejects.toThrow(
      'TooManyRequestsException',
    );
  });
});
