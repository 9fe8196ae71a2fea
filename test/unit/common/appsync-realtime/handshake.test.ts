import {
  buildConnectAuthorizationRequest,
  buildHandshake,
  buildRealtimeAuthorization,
  buildStartAuthorizationRequest,
  encodeBase64,
  encodeBase64Url,
} from '../../../../common/appsync-realtime';

const REALTIME_URL = 'wss://example.appsync-realtime-api.us-east-1.amazonaws.com/graphql';
const GRAPHQL_URL = 'https://example.appsync-api.us-east-1.amazonaws.com/graphql';
const decode = (text: string, encoding: 'base64' | 'base64url') =>
  JSON.parse(Buffer.from(text, encoding).toString('utf8'));

describe('base64', () => {
  test('encodes the UTF-8 bytes, so text outside Latin-1 survives', () => {
    const claim = JSON.stringify({ claim: 'Zoë 🎬' });
    expect(encodeBase64(claim)).toBe(Buffer.from(claim).toString('base64'));
    expect(encodeBase64('{}')).toBe('e30=');
  });

  test('base64url has no +, / or = (a subprotocol may not contain them)', () => {
    // Bytes chosen so that standard base64 has all three.
    const text = '\u00fb\u00ff\u00be?';
    expect(encodeBase64(text)).toMatch(/[+/=]/);
    expect(encodeBase64Url(text)).not.toMatch(/[+/=]/);
    expect(Buffer.from(encodeBase64Url(text), 'base64url').toString('utf8')).toBe(text);
  });
});

describe('handshake', () => {
  const authorization = buildRealtimeAuthorization(GRAPHQL_URL, { Authorization: 'jwt' });

  test("the authorization object carries the GraphQL endpoint's host", () => {
    expect(authorization).toEqual({ host: 'example.appsync-api.us-east-1.amazonaws.com', Authorization: 'jwt' });
  });

  test('by query: base64 JSON in `header`, `payload` is e30=, the graphql-ws subprotocol', () => {
    const { url, protocols } = buildHandshake({ realtimeUrl: REALTIME_URL, authorization });
    const parsed = new URL(url);
    expect(parsed.pathname).toBe('/graphql');
    expect(parsed.searchParams.get('payload')).toBe('e30=');
    expect(decode(parsed.searchParams.get('header') ?? '', 'base64')).toEqual(authorization);
    expect(protocols).toEqual(['graphql-ws']);
  });

  test('by subprotocol: the URL is left alone and the header travels as header-<base64url>', () => {
    const { url, protocols } = buildHandshake({ realtimeUrl: REALTIME_URL, authorization, transport: 'subprotocol' });
    expect(url).toBe(REALTIME_URL);
    expect(protocols).toHaveLength(2);
    expect(protocols[0]).toBe('graphql-ws');
    expect(protocols[1]).toMatch(/^header-[A-Za-z0-9_-]+$/);
    expect(decode(protocols[1]?.slice('header-'.length) ?? '', 'base64url')).toEqual(authorization);
  });

  test('IAM signs the handshake as {} to <graphql url>/connect, and a start as its data to the GraphQL URL', () => {
    expect(buildConnectAuthorizationRequest(GRAPHQL_URL)).toEqual({
      type: 'connect',
      url: `${GRAPHQL_URL}/connect`,
      body: '{}',
    });
    expect(buildConnectAuthorizationRequest(`${GRAPHQL_URL}/`).url).toBe(`${GRAPHQL_URL}/connect`);
    expect(buildStartAuthorizationRequest(GRAPHQL_URL, '{"query":"q"}')).toEqual({
      type: 'start',
      url: GRAPHQL_URL,
      body: '{"query":"q"}',
    });
  });
});
