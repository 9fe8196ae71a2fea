// Hostile input at every stand-in (issue 14): real-time frames and HTTP requests no client sends.
// Each is answered on its own socket or request, in the service's own error shape, and afterwards
// the process still runs and every stand-in still answers. The suite runs a local cloud of its own,
// so that a crash here cannot take the shared one down with the other suites.
import { rmSync } from 'node:fs';
import { CONNECTION_INIT, encodeSubscriptionRequest } from '../../common/appsync-realtime';
import type { Endpoints } from '../../local/endpoints';
import { rawStatusLine, signedRequest } from '../support/hostile-http';
import { startLocalCloudProcess } from '../support/local-cloud-process';
import type { LocalCloudProcess } from '../support/local-cloud-process';
import { RealtimeClient } from '../support/realtime-client';
import type { RealtimeMessage } from '../support/realtime-client';
import { errorCode, rawRequest } from '../support/s3-requests';
import type { RawResponse } from '../support/s3-requests';
import { expectEveryStandInAnswers } from '../support/stand-ins-answer';
import { eventually } from '../support/eventually';

jest.setTimeout(120_000);

const UNSUPPORTED = {
  errorType: 'UnsupportedOperation',
  message: 'unknown not supported through the realtime channel',
};
const MISSING_ID = { errorType: 'MalformedRequestError', message: 'A start or stop message needs a string id.' };
const SUBSCRIPTION = 'subscription S { onVideoStatusChanged { id } }';

let cloud: LocalCloudProcess;
let endpoints: Endpoints;
const sockets: RealtimeClient[] = [];

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ args: ['--auto-confirm'] });
  endpoints = cloud.endpoints;
}, 60_000);

afterAll(async () => {
  sockets.forEach((socket) => socket.close());
  await cloud.stop();
  rmSync(cloud.dataDir, { recursive: true, force: true });
});

async function acknowledgedSocket(): Promise<RealtimeClient> {
  const socket = await RealtimeClient.connect(endpoints, { 'x-api-key': endpoints.apiKey });
  sockets.push(socket);
  await socket.waitFor((message) => message.type === 'connection_ack');
  return socket;
}

const errorsOn = (socket: RealtimeClient) => socket.messages.filter((message) => message.type === 'error');

/** Sends each frame and waits for one error per frame: the socket answers every one, in order. */
async function answersTo(socket: RealtimeClient, frames: Array<string | Buffer>): Promise<RealtimeMessage[]> {
  const before = errorsOn(socket).length;
  for (const frame of frames) socket.sendRaw(frame);
  await eventually(() => expect(errorsOn(socket).length - before).toBe(frames.length), {
    what: 'an answer to each frame',
  });
  return errorsOn(socket).slice(before);
}

describe('the real-time socket', () => {
  test("a `null` frame is answered with AppSync's UnsupportedOperation, and the connection goes on", async () => {
    const socket = await acknowledgedSocket();
    expect(await answersTo(socket, ['null'])).toEqual([{ type: 'error', payload: { errors: [UNSUPPORTED] } }]);
    // The connection still works: a repeated connection_init is acknowledged again.
    socket.send(CONNECTION_INIT);
    await eventually(() => expect(socket.messages.filter((m) => m.type === 'connection_ack')).toHaveLength(2));
  });

  test('any frame that is not a message of the protocol is UnsupportedOperation, text or binary', async () => {
    const socket = await acknowledgedSocket();
    const frames = [
      '42',
      '"connection_init"',
      '[]',
      '{}',
      '{"type":5}',
      '{"type":null}',
      '{"type":"subscribe","id":"s"}',
    ];
    const garbage = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x7b]);
    const answers = await answersTo(socket, [...frames, '{not json', '', garbage]);
    expect(answers).toEqual(Array(frames.length + 3).fill({ type: 'error', payload: { errors: [UNSUPPORTED] } }));
  });

  test('a start or stop without a string id is refused without an id', async () => {
    const socket = await acknowledgedSocket();
    const frames = [
      { type: 'start' },
      { type: 'start', id: 5, payload: {} },
      { type: 'stop', id: {} },
      { type: 'stop', id: '' },
    ];
    const answers = await answersTo(
      socket,
      frames.map((frame) => JSON.stringify(frame)),
    );
    expect(answers).toEqual(Array(frames.length).fill({ type: 'error', payload: { errors: [MISSING_ID] } }));
  });

  test('a start whose payload is not an object with a request in its data is refused on its id', async () => {
    const socket = await acknowledgedSocket();
    const payloads: unknown[] = [
      null,
      'payload',
      [],
      { data: 5 },
      { data: 'null' },
      { data: '{"query":1}' },
      { data: JSON.stringify({ query: SUBSCRIPTION, variables: 'x' }) },
      { data: JSON.stringify({ query: SUBSCRIPTION, operationName: 7 }) },
    ];
    const answers = await answersTo(
      socket,
      payloads.map((payload, index) => JSON.stringify({ type: 'start', id: `bad-${index}`, payload })),
    );
    expect(answers.map((answer) => [answer.id, answer.payload.errors[0].errorType])).toEqual(
      payloads.map((_, index) => [`bad-${index}`, 'MalformedRequestError']),
    );
  });

  test('a start whose authorization is not an object of strings is unauthorized, not an internal error', async () => {
    const socket = await acknowledgedSocket();
    const host = new URL(endpoints.graphqlUrl).host;
    const data = encodeSubscriptionRequest({ query: SUBSCRIPTION });
    const authorizations: unknown[] = [
      null,
      'x-api-key',
      [endpoints.apiKey],
      { host: 7, 'x-api-key': [endpoints.apiKey] },
    ];
    const answers = await answersTo(
      socket,
      authorizations.map((authorization, index) =>
        JSON.stringify({ type: 'start', id: `auth-${index}`, payload: { data, extensions: { authorization } } }),
      ),
    );
    expect(answers.map((answer) => answer.payload.errors[0].errorType)).toEqual(
      authorizations.map(() => 'UnauthorizedException'),
    );
    // Sanity: the same start with the real header object is refused by the schema, not by its shape.
    socket.send({
      type: 'start',
      id: 'real',
      payload: { data, extensions: { authorization: { host, 'x-api-key': endpoints.apiKey } } },
    });
    expect((await socket.waitFor((m) => m.id === 'real')).payload.errors[0].errorType).toBe('Unauthorized');
  });

  test('before connection_init, a `null` frame is answered the same way', async () => {
    const socket = await RealtimeClient.open(endpoints, { 'x-api-key': endpoints.apiKey });
    sockets.push(socket);
    expect(await answersTo(socket, ['null'])).toEqual([{ type: 'error', payload: { errors: [UNSUPPORTED] } }]);
  });

  test('text that is not UTF-8 closes that socket (1007), and only that one', async () => {
    const bystander = await acknowledgedSocket();
    const socket = await acknowledgedSocket();
    socket.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await socket.closed).code).toBe(1007);
    bystander.send(CONNECTION_INIT);
    await eventually(() => expect(bystander.messages.filter((m) => m.type === 'connection_ack')).toHaveLength(2));
  });

  test('a handshake header that is JSON but not an object is refused with connection_error', async () => {
    const header = Buffer.from('null').toString('base64');
    const WebSocket = (await import('ws')).default;
    const raw = new WebSocket(`${endpoints.realtimeUrl}?header=${header}&payload=e30=`, ['graphql-ws']);
    const messages: RealtimeMessage[] = [];
    raw.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString('utf8')) as RealtimeMessage));
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify(CONNECTION_INIT));
    await eventually(() => expect(messages).toHaveLength(1));
    expect(messages[0]).toEqual({
      type: 'connection_error',
      payload: {
        errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }],
      },
    });
    raw.close();
  });
});

describe('HTTP', () => {
  const bases = () => ({
    AppSync: endpoints.appsyncEndpoint,
    Cognito: endpoints.cognitoEndpoint,
    DynamoDB: endpoints.dynamodbEndpoint,
    S3: endpoints.s3Endpoint,
    SQS: endpoints.sqsEndpoint,
    MediaConvert: endpoints.mediaconvertEndpoint,
    CloudFront: endpoints.cloudfrontEndpoint,
    Playback: endpoints.playbackBaseUrl,
    'Web app': endpoints.webUrl,
  });

  test('malformed request lines and headers are refused before any handler, by every stand-in', async () => {
    const malformed = [
      'GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nX: a\u0001b\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzzzzz',
      '\u0000\u0001 not http\r\n\r\n',
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ];
    for (const [service, base] of Object.entries(bases())) {
      for (const bytes of malformed) {
        const statusLine = await rawStatusLine(base, bytes);
        expect({ service, statusLine }).toEqual({
          service,
          statusLine: expect.stringMatching(/^HTTP\/1\.1 4(00|31) /),
        });
      }
    }
  });

  test('request targets that are not plain paths get an answer from every stand-in', async () => {
    for (const [service, base] of Object.entries(bases())) {
      for (const target of ['//a:b/', '*', '/%ZZ/%%/', 'http://elsewhere/x']) {
        const statusLine = await rawStatusLine(base, `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
        expect({ service, target, statusLine }).toEqual({
          service,
          target,
          statusLine: expect.stringMatching(/^HTTP\/1\.1 \d{3} /),
        });
      }
    }
  });

  /**
   * The service's own error shape. A 500 is what the guard sends for a handler that threw
   * (local/lib/local-server.ts): each service's InternalFailure, InternalError or InternalServerError.
   */
  function expectServiceError(service: string, response: RawResponse): void {
    expect(response.status).toBeGreaterThanOrEqual(400);
    const internal = response.status === 500;
    const json = () => JSON.parse(response.body) as Record<string, unknown>;
    const shapes: Record<string, () => void> = {
      AppSync: () => {
        const [error] = json().errors as Array<{ errorType: string; message: string }>;
        expect(error).toEqual({
          errorType: internal ? 'InternalFailure' : expect.any(String),
          message: expect.any(String),
        });
      },
      'AppSync control plane': () => {
        expect(response.headers['x-amzn-errortype']).toEqual(expect.any(String));
        expect(json()).toEqual({ message: expect.any(String) });
      },
      Cognito: () => expect(json().__type).toEqual(internal ? 'InternalErrorException' : expect.any(String)),
      SQS: () => {
        expect(json().__type).toEqual(internal ? 'com.amazonaws.sqs#InternalError' : expect.any(String));
        expect(response.headers['x-amzn-query-error']).toEqual(expect.any(String));
      },
      DynamoDB: () =>
        expect(json().__type).toEqual(
          internal ? 'com.amazonaws.dynamodb.v20120810#InternalServerError' : expect.any(String),
        ),
      MediaConvert: () =>
        expect(response.headers['x-amzn-errortype']).toEqual(
          internal ? 'InternalServerErrorException' : expect.any(String),
        ),
      S3: () => expect(errorCode(response.body)).toEqual(internal ? 'InternalError' : expect.any(String)),
      CloudFront: () => expect(errorCode(response.body)).toEqual(internal ? 'InternalError' : expect.any(String)),
    };
    shapes[service]?.();
  }

  test("signed bodies that are not what the operation takes are answered in each service's error shape", async () => {
    const credentials = { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey };
    const json = (type: string) => ({ 'content-type': type });
    const targets = [
      { service: 'AppSync', url: endpoints.graphqlUrl, signingName: 'appsync', headers: json('application/json') },
      {
        service: 'Cognito',
        url: endpoints.cognitoEndpoint,
        signingName: 'cognito-idp',
        headers: {
          ...json('application/x-amz-json-1.1'),
          'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        },
      },
      {
        service: 'SQS',
        url: endpoints.sqsEndpoint,
        signingName: 'sqs',
        headers: { ...json('application/x-amz-json-1.0'), 'x-amz-target': 'AmazonSQS.SendMessage' },
      },
      {
        service: 'DynamoDB',
        url: endpoints.dynamodbEndpoint,
        signingName: 'dynamodb',
        headers: { ...json('application/x-amz-json-1.0'), 'x-amz-target': 'DynamoDB_20120810.GetItem' },
      },
      {
        service: 'MediaConvert',
        url: `${endpoints.mediaconvertEndpoint}/2017-08-29/jobs`,
        signingName: 'mediaconvert',
        headers: json('application/json'),
      },
      {
        service: 'S3',
        url: `${endpoints.s3Endpoint}/${endpoints.rawBucket}?delete`,
        signingName: 's3',
        headers: json('application/xml'),
      },
      {
        service: 'CloudFront',
        url: `${endpoints.cloudfrontEndpoint}/2020-05-31/distribution/${endpoints.playbackDistributionId}/invalidation`,
        signingName: 'cloudfront',
        headers: json('application/xml'),
      },
    ];
    const bodies = [
      'null',
      '[]',
      '"text"',
      '{not json',
      '1e999',
      JSON.stringify({
        query: '{ __typename }',
        variables: 'x',
        QueueUrl: 5,
        TableName: [],
        Key: null,
        Settings: null,
      }),
    ];
    for (const target of targets) {
      for (const body of bodies) {
        const response = await signedRequest({
          url: target.url,
          service: target.signingName,
          region: endpoints.region,
          credentials,
          headers: target.headers,
          body,
        });
        expectServiceError(target.service, response);
      }
    }
  });

  test("a body over a stand-in's limit is answered 413 in the service's error shape, sized or streamed", async () => {
    const json = (type: string, target?: string): Record<string, string> => ({
      'content-type': type,
      ...(target ? { 'x-amz-target': target } : {}),
    });
    // Each stand-in's cap (local/lib/http.ts readBody): the answer comes before the signature or the
    // API key is looked at, as the body is never whole.
    const targets = [
      { service: 'AppSync', url: endpoints.graphqlUrl, limit: 1024 * 1024, headers: json('application/json') },
      {
        service: 'AppSync control plane',
        url: `${endpoints.appsyncEndpoint}/v1/dataplane-evaluatecode`,
        limit: 1024 * 1024,
        headers: json('application/json'),
      },
      {
        service: 'Cognito',
        url: endpoints.cognitoEndpoint,
        limit: 256 * 1024,
        headers: json('application/x-amz-json-1.1', 'AWSCognitoIdentityProviderService.InitiateAuth'),
      },
      {
        service: 'SQS',
        url: endpoints.sqsEndpoint,
        limit: 1024 * 1024,
        headers: json('application/x-amz-json-1.0', 'AmazonSQS.SendMessage'),
      },
      {
        service: 'DynamoDB',
        url: endpoints.dynamodbEndpoint,
        limit: 16 * 1024 * 1024 + 64 * 1024,
        headers: json('application/x-amz-json-1.0', 'DynamoDB_20120810.GetItem'),
      },
      {
        service: 'MediaConvert',
        url: `${endpoints.mediaconvertEndpoint}/2017-08-29/jobs`,
        limit: 2 * 1024 * 1024,
        headers: json('application/json'),
      },
    ];
    for (const target of targets) {
      const body = Buffer.alloc(target.limit + 1, 'a');
      // With a Content-Length (refused before a byte is read), and chunked (refused once over).
      for (const framing of [{}, { 'transfer-encoding': 'chunked' }] as Array<Record<string, string>>) {
        const response = await rawRequest(target.url, {
          method: 'POST',
          headers: { ...target.headers, ...framing },
          body,
        });
        expect({ url: target.url, framing, status: response.status }).toEqual({
          url: target.url,
          framing,
          status: 413,
        });
        expectServiceError(target.service, response);
      }
    }
    // The connection is read to its end, not cut: the same stand-in answers the next request.
    const after = await rawRequest(endpoints.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': endpoints.apiKey },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(after.status).toBe(200);
  });

  test("an unsigned S3 POST whose form is garbage is S3's 400", async () => {
    const response = await rawRequest(`${endpoints.s3Endpoint}/${endpoints.rawBucket}`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name\r\n\r\n\u0000\u0000--xy',
    });
    expect(response.status).toBe(400);
    expect(errorCode(response.body)).toEqual(expect.any(String));
  });
});

test('after all of it the process still runs, and every stand-in still answers', async () => {
  expect([cloud.child.exitCode, cloud.child.signalCode]).toEqual([null, null]);
  await expectEveryStandInAnswers(endpoints);
});
