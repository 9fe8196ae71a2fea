import { RealtimeConnection } from '../../../../common/appsync-realtime';
import type { ConnectionEnd, OperationMessage } from '../../../../common/appsync-realtime';
import { FakeClock, FakeSocket } from './fakes';

function setup(ackTimeoutMs = 15_000) {
  FakeSocket.instances = [];
  const clock = new FakeClock();
  const events: Array<'ready' | OperationMessage | ConnectionEnd> = [];
  const connection = new RealtimeConnection({
    handshake: { url: 'ws://realtime.example/graphql', protocols: ['graphql-ws'] },
    WebSocket: FakeSocket,
    clock,
    ackTimeoutMs,
    listener: {
      onReady: () => events.push('ready'),
      onOperationMessage: (message) => events.push(message),
      onEnd: (end) => events.push(end),
    },
  });
  return { connection, clock, events, socket: FakeSocket.latest() };
}

describe('RealtimeConnection', () => {
  test('opens the socket with the handshake and sends connection_init once it is open', () => {
    const { connection, socket } = setup();
    expect(socket.url).toBe('ws://realtime.example/graphql');
    expect(socket.protocols).toEqual(['graphql-ws']);
    expect(connection.state).toBe('connecting');
    socket.accept();
    expect(socket.sent).toEqual([{ type: 'connection_init' }]);
    expect(connection.state).toBe('initializing');
  });

  test('no connection_ack within the ack timeout: lost, and the silent socket is dropped', () => {
    const { clock, events, socket, connection } = setup(1000);
    socket.accept();
    socket.push({ type: 'ka' });
    clock.advance(999);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events).toEqual([{ type: 'lost', reason: 'ack-timeout' }]);
    expect(socket.terminated).toBe(true);
    expect(connection.state).toBe('ended');
  });

  test('connection_ack makes it ready; each ka restarts the connectionTimeoutMs window', () => {
    const { clock, events, socket, connection } = setup();
    socket.accept();
    socket.push({ type: 'connection_ack', payload: { connectionTimeoutMs: 500 } });
    expect(events).toEqual(['ready']);
    expect(connection.state).toBe('ready');
    for (let i = 0; i < 5; i++) {
      clock.advance(400);
      socket.push({ type: 'ka' });
    }
    expect(events).toEqual(['ready']);
    clock.advance(500);
    expect(events).toEqual(['ready', { type: 'lost', reason: 'keep-alive-timeout' }]);
    expect(socket.terminated).toBe(true);
  });

  test("without connectionTimeoutMs, AppSync's default of five minutes applies", () => {
    const { clock, events, socket } = setup();
    socket.accept();
    socket.push({ type: 'connection_ack' });
    clock.advance(299_999);
    expect(events).toEqual(['ready']);
    clock.advance(1);
    expect(events).toEqual(['ready', { type: 'lost', reason: 'keep-alive-timeout' }]);
  });

  test('connection_error: refused with its errors; the socket is closed normally', () => {
    const { events, socket } = setup();
    socket.accept();
    const errors = [{ errorType: 'UnauthorizedException', message: 'Token has expired.' }];
    socket.push({ type: 'connection_error', payload: { errors } });
    expect(events).toEqual([{ type: 'refused', errors }]);
    expect(socket.closeCode).toBe(1000);
    expect(socket.terminated).toBe(false);
  });

  test('an error without an id fails the connection; with an id it is about one subscription', () => {
    const { events, socket } = setup();
    socket.accept();
    socket.push({ type: 'connection_ack' });
    socket.push({ type: 'error', id: 'a', payload: { errors: [{ message: 'no', errorType: 'Unauthorized' }] } });
    socket.push({ type: 'error', payload: { errors: [{ message: 'broken', errorType: 'InternalFailure' }] } });
    expect(events).toEqual([
      'ready',
      { type: 'error', id: 'a', errors: [{ message: 'no', errorType: 'Unauthorized' }] },
      { type: 'failed', errors: [{ message: 'broken', errorType: 'InternalFailure' }] },
    ]);
  });

  test('start_ack, data and complete go to the listener; frames it cannot read are ignored', () => {
    const { events, socket } = setup();
    socket.accept();
    socket.push({ type: 'connection_ack' });
    socket.push('{garbage');
    socket.push({ type: 'start_ack', id: 'a' });
    socket.push({ type: 'data', id: 'a', payload: { data: { n: 1 } } });
    socket.push({ type: 'complete', id: 'a' });
    expect(events).toEqual([
      'ready',
      { type: 'start_ack', id: 'a' },
      { type: 'data', id: 'a', payload: { data: { n: 1 } } },
      { type: 'complete', id: 'a' },
    ]);
  });

  test("a closed socket is lost, with what ws's error event said", () => {
    const { events, socket, clock } = setup();
    socket.fail('connect ECONNREFUSED 127.0.0.1:1');
    expect(events).toEqual([{ type: 'lost', reason: 'closed', detail: 'connect ECONNREFUSED 127.0.0.1:1' }]);
    // Ended once: the watchdog is gone too.
    expect(clock.pending()).toEqual([]);
  });

  test('close() ends it without telling the listener; nothing is sent afterwards', () => {
    const { connection, events, socket, clock } = setup();
    socket.accept();
    socket.push({ type: 'connection_ack' });
    connection.close();
    expect(socket.closeCode).toBe(1000);
    expect(clock.pending()).toEqual([]);
    connection.send({ type: 'stop', id: 'a' });
    expect(socket.sent).toEqual([{ type: 'connection_init' }]);
    expect(events).toEqual(['ready']);
  });

  test('sends nothing before the socket is open', () => {
    const { connection, socket } = setup();
    connection.send({ type: 'stop', id: 'a' });
    expect(socket.sent).toEqual([]);
  });
});
