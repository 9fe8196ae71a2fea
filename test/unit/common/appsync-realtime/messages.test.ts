import {
  buildStartMessage,
  buildStopMessage,
  CONNECTION_INIT,
  decodeServerMessage,
  encodeClientMessage,
  encodeSubscriptionRequest,
} from '../../../../common/appsync-realtime';

describe('client messages', () => {
  test('a start carries the request JSON-encoded inside the JSON, and the authorization with host', () => {
    const data = encodeSubscriptionRequest({ query: 'subscription S { s }' });
    expect(JSON.parse(data)).toEqual({ query: 'subscription S { s }', variables: {} });
    const start = buildStartMessage({
      id: 'sub-1',
      data,
      authorization: { host: 'api.example', Authorization: 'jwt' },
    });
    expect(JSON.parse(encodeClientMessage(start))).toEqual({
      id: 'sub-1',
      type: 'start',
      payload: { data, extensions: { authorization: { host: 'api.example', Authorization: 'jwt' } } },
    });
  });

  test('connection_init and stop', () => {
    expect(encodeClientMessage(CONNECTION_INIT)).toBe('{"type":"connection_init"}');
    expect(JSON.parse(encodeClientMessage(buildStopMessage('sub-1')))).toEqual({ id: 'sub-1', type: 'stop' });
  });
});

describe('decodeServerMessage', () => {
  const decode = (message: unknown) => decodeServerMessage(JSON.stringify(message));

  test('connection_ack with and without connectionTimeoutMs', () => {
    expect(decode({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } })).toEqual({
      type: 'connection_ack',
      connectionTimeoutMs: 300000,
    });
    expect(decode({ type: 'connection_ack' })).toEqual({ type: 'connection_ack' });
    expect(decode({ type: 'connection_ack', payload: { connectionTimeoutMs: 'soon' } })).toEqual({
      type: 'connection_ack',
    });
  });

  test('ka, start_ack, complete', () => {
    expect(decode({ type: 'ka' })).toEqual({ type: 'ka' });
    expect(decode({ type: 'start_ack', id: 'a' })).toEqual({ type: 'start_ack', id: 'a' });
    expect(decode({ type: 'complete', id: 'a' })).toEqual({ type: 'complete', id: 'a' });
  });

  test('data keeps its data and errors; a missing data is null', () => {
    expect(decode({ type: 'data', id: 'a', payload: { data: { s: 1 } } })).toEqual({
      type: 'data',
      id: 'a',
      payload: { data: { s: 1 } },
    });
    expect(decode({ type: 'data', id: 'a', payload: { errors: [{ message: 'partial', errorType: 'Boom' }] } })).toEqual(
      { type: 'data', id: 'a', payload: { data: null, errors: [{ message: 'partial', errorType: 'Boom' }] } },
    );
  });

  test('errors always come as an array, each with a message', () => {
    expect(decode({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException' }] } })).toEqual(
      {
        type: 'connection_error',
        errors: [{ errorType: 'UnauthorizedException', message: 'UnauthorizedException' }],
      },
    );
    expect(decode({ type: 'error', id: 'a' })).toEqual({ type: 'error', id: 'a', errors: [] });
    expect(decode({ type: 'error', payload: { errors: [{ message: 'no', errorType: 'X' }, 'junk'] } })).toEqual({
      type: 'error',
      errors: [{ message: 'no', errorType: 'X' }],
    });
  });

  test('a single error object, as AppSync sends MaxSubscriptionsReachedError, is a list of one', () => {
    const error = { errorType: 'MaxSubscriptionsReachedError', message: 'Max number of 100 subscriptions reached' };
    expect(decode({ type: 'error', id: 'a', payload: { errors: error } })).toEqual({
      type: 'error',
      id: 'a',
      errors: [error],
    });
  });

  test.each([
    ['a binary frame', new Uint8Array([123, 125])],
    ['text that is not JSON', '{not json'],
    ['JSON that is not an object', '[1,2]'],
    ['an unknown type', '{"type":"hello"}'],
    ['start_ack without an id', '{"type":"start_ack"}'],
    ['data without an id', '{"type":"data","payload":{"data":{}}}'],
  ])('ignores %s', (_what, frame) => {
    expect(decodeServerMessage(frame)).toBeUndefined();
  });
});
