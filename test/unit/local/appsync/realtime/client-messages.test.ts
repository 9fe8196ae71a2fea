import { readClientMessage, readStartPayload } from '../../../../../local/appsync/realtime/client-messages';

const UNSUPPORTED = {
  type: 'error',
  payload: {
    errors: [{ errorType: 'UnsupportedOperation', message: 'unknown not supported through the realtime channel' }],
  },
};

describe('readClientMessage', () => {
  test.each([
    'null',
    '42',
    '"start"',
    '[]',
    '{}',
    '{"type":5}',
    '{"type":null}',
    '{"type":"subscribe","id":"a"}',
    '{x',
    '',
  ])('%j is no message of the protocol: UnsupportedOperation', (frame) => {
    expect(readClientMessage(frame)).toEqual({ ok: false, answer: UNSUPPORTED });
  });

  test.each([
    '{"type":"start"}',
    '{"type":"start","id":7}',
    '{"type":"stop","id":null}',
    '{"type":"stop","id":""}',
    '{"type":"stop","id":["a"]}',
  ])('%s has no string id: refused without one', (frame) => {
    expect(readClientMessage(frame)).toEqual({
      ok: false,
      answer: {
        type: 'error',
        payload: {
          errors: [{ errorType: 'MalformedRequestError', message: 'A start or stop message needs a string id.' }],
        },
      },
    });
  });

  test('the three messages of the protocol', () => {
    expect(readClientMessage('{"type":"connection_init","payload":{}}')).toEqual({
      ok: true,
      value: { type: 'connection_init' },
    });
    expect(readClientMessage('{"type":"start","id":"a","payload":null}')).toEqual({
      ok: true,
      value: { type: 'start', id: 'a', payload: null },
    });
    expect(readClientMessage('{"type":"stop","id":"a"}')).toEqual({ ok: true, value: { type: 'stop', id: 'a' } });
  });
});

describe('readStartPayload', () => {
  const data = JSON.stringify({ query: 'subscription S { s }', variables: { id: '1' }, operationName: 'S' });

  test.each([
    ['a payload that is not an object', null],
    ['a list', [data]],
    ['data that is not a string', { data: { query: 'x' } }],
    ['data that is not JSON', { data: '{query' }],
    ['data that is JSON null', { data: 'null' }],
    ['a query that is not a string', { data: '{"query":1}' }],
    ['variables that are not an object', { data: JSON.stringify({ query: 'q', variables: ['a'] }) }],
    ['an operationName that is not a string', { data: JSON.stringify({ query: 'q', operationName: 1 }) }],
  ])("%s is MalformedRequestError on the start's id", (_what, payload) => {
    const reading = readStartPayload('s1', payload);
    expect(reading.ok ? reading : reading.answer).toMatchObject({
      id: 's1',
      type: 'error',
      payload: { errors: [{ errorType: 'MalformedRequestError' }] },
    });
  });

  test('a well-formed start, its authorization kept to its string values', () => {
    expect(
      readStartPayload('s1', {
        data,
        extensions: { authorization: { host: 'api', Authorization: 'jwt', bad: 1, list: ['x'] } },
      }),
    ).toEqual({
      ok: true,
      value: {
        query: 'subscription S { s }',
        variables: { id: '1' },
        operationName: 'S',
        data,
        authorization: { host: 'api', Authorization: 'jwt' },
      },
    });
  });

  test('an authorization that is not an object is an empty one (the backend refuses it)', () => {
    for (const authorization of [null, 'x-api-key', ['k'], 5]) {
      const reading = readStartPayload('s1', { data, extensions: { authorization } });
      expect(reading.ok && reading.value.authorization).toEqual({});
    }
    const reading = readStartPayload('s1', { data, extensions: 'none' });
    expect(reading.ok && reading.value).toMatchObject({ variables: { id: '1' }, authorization: {} });
  });
});
