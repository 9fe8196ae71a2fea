import { LimitExceededError } from '../../../../functions/lib/errors';
import { countTicket } from '../../../../functions/uploads/ticket-limits';
import type { TicketLimitDependencies } from '../../../../functions/uploads/ticket-limits';
import { MemoryUsageCounter } from '../../../support/pipeline-world';

function fakes(processing = 0, now = Date.parse('2026-12-02T10:15:20.000Z')) {
  const deps = {
    ownerVideos: { countProcessing: jest.fn(async () => processing) },
    usage: new MemoryUsageCounter(),
    limits: { processingVideosPerUser: 5, uploadTicketsPerUserPerMinute: 10 },
    now: () => now,
  } satisfies TicketLimitDependencies;
  return deps;
}

describe('countTicket', () => {
  test('ten tickets in a minute; the eleventh refused with when to try again; the next minute counts anew', async () => {
    const deps = fakes();
    for (let ticket = 0; ticket < 10; ticket += 1) await countTicket('ann', deps);
    const refused = countTicket('ann', deps);
    await expect(refused).rejects.toBeInstanceOf(LimitExceededError);
    await expect(refused).rejects.toMatchObject({
      name: 'LimitExceededError',
      message: 'You asked for more than 10 upload links in a minute. Try again in 40 seconds.',
    });
    // Another user has tickets of their own.
    await expect(countTicket('bob', deps)).resolves.toBeUndefined();
    deps.now = () => Date.parse('2026-12-02T10:16:00.000Z');
    await expect(countTicket('ann', deps)).resolves.toBeUndefined();
  });

  test('at the limit of videos processing: refused before a ticket is counted', async () => {
    const deps = fakes(5);
    await expect(countTicket('ann', deps)).rejects.toMatchObject({
      name: 'LimitExceededError',
      message: 'You have 5 videos processing, and at most 5 may process at once. Upload again when one has finished.',
    });
    expect(deps.ownerVideos.countProcessing).toHaveBeenCalledWith('ann');
    expect(deps.usage.counters.size).toBe(0);
    await expect(countTicket('ann', fakes(4))).resolves.toBeUndefined();
  });
});
