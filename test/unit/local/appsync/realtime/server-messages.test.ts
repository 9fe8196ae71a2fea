import { dataMessage } from '../../../../../local/appsync/realtime/server-messages';

test('a data message around a payload serialized once is the text of the whole message serialized', () => {
  const payload = {
    data: { onVideoStatusChanged: { id: 'v1', failureReason: 'quote " newline \n é \u2028', progress: 40 } },
    errors: [{ message: 'Not Authorized', path: ['onVideoStatusChanged', 'userId'] }],
  };
  for (const id of ['s1', 'a "quoted" \\ id', ''])
    expect(dataMessage(id, JSON.stringify(payload))).toBe(JSON.stringify({ id, type: 'data', payload }));
});
