// Proof of fidelity: Amplify's own GraphQL client, unchanged, against the local AppSync, over
// HTTP (user pool and API key) and over the real-time WebSocket (a subscription receiving an event).
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { testEndpoints } from '../support/endpoints';
import { eventually } from '../support/eventually';
import { trustLocalTls } from '../support/trust-local-tls';
import { graphql } from '../support/graphql-client';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';
import { dynamoClient, seedVideo } from '../support/videos';

const SUBSCRIPTION = `subscription OnStatus($id: ID) {
  onVideoStatusChanged(id: $id) { id userId status progress failureReason }
}`;
const PUBLISH = `mutation Publish($input: PublishVideoStatusInput!) {
  publishVideoStatus(input: $input) { id userId status progress updatedAt failureReason durationSeconds playlistUrl thumbnailUrl }
}`;

describe('Amplify v6 generateClient against the local AppSync', () => {
  const endpoints = testEndpoints();
  let user: TestUser;

  beforeAll(async () => {
    // Amplify always uses https:// and wss://: it runs against the local cloud's TLS endpoint.
    trustLocalTls(endpoints.caCertificateFile);
    user = await createUser(endpoints, 'amplify');
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: endpoints.userPoolId,
          userPoolClientId: endpoints.userPoolClientId,
          userPoolEndpoint: endpoints.cognitoEndpoint,
          loginWith: { email: true },
        },
      },
      API: {
        GraphQL: {
          endpoint: endpoints.graphqlHttpsUrl,
          region: endpoints.region,
          defaultAuthMode: 'userPool',
          apiKey: endpoints.apiKey,
        },
      },
    });
    // Amplify's default sign-in, unchanged: USER_SRP_AUTH and its PASSWORD_VERIFIER challenge.
    await signIn({ username: user.email, password: user.password });
  });

  afterAll(async () => {
    await signOut();
  });

  test('the signed-in session is the pool user', async () => {
    const session = await fetchAuthSession();
    expect(session.tokens?.idToken?.payload.sub).toBe(user.sub);
  });

  test('queries with user-pool and API-key auth', async () => {
    const db = dynamoClient(endpoints);
    const video = await seedVideo(db, { userId: user.sub, status: 'PROCESSING', title: 'amplify processing' });
    db.destroy();
    const client = generateClient();
    const mine = (await client.graphql({
      query: 'query { listMyVideos(limit: 10) { items { id title status } } }',
    })) as { data: { listMyVideos: { items: Array<{ id: string }> } } };
    expect(mine.data.listMyVideos.items.map((item) => item.id)).toContain(video.id);
    const asKey = (await client.graphql({
      query: 'query Get($id: ID!) { getVideo(id: $id) { id } }',
      variables: { id: video.id },
      authMode: 'apiKey',
    })) as { data: { getVideo: unknown } };
    expect(asKey.data.getVideo).toBeNull();
  });

  test('mutations with user-pool auth, and errors surfaced as Amplify reports them', async () => {
    const client = generateClient();
    await expect(
      client.graphql({
        query: 'mutation U($input: UpdateVideoInput!) { updateVideo(input: $input) { id } }',
        variables: { input: { id: 'missing', title: 'x' } },
      }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ errorType: 'NotFound' })] });
  });

  test("a subscription receives its owner's event, published by the back end with IAM", async () => {
    const client = generateClient();
    const videoId = `amplify-${Date.now()}`;
    const received: Array<Record<string, unknown>> = [];
    const errors: unknown[] = [];
    const subscription = (
      client.graphql({ query: SUBSCRIPTION, variables: { id: videoId } }) as unknown as {
        subscribe: (observer: {
          next: (event: { data: Record<string, unknown> }) => void;
          error: (error: unknown) => void;
        }) => { unsubscribe(): void };
      }
    ).subscribe({
      next: (event) => received.push(event.data.onVideoStatusChanged as Record<string, unknown>),
      error: (error) => errors.push(error),
    });
    try {
      // Amplify resolves the subscription's start_ack asynchronously: publish until an event arrives.
      await eventually(
        async () => {
          expect(errors).toEqual([]);
          if (received.length === 0) {
            await graphql(endpoints, { mode: 'iam' }, PUBLISH, {
              input: {
                id: videoId,
                userId: user.sub,
                status: 'PROCESSING',
                progress: 42,
                updatedAt: new Date().toISOString(),
              },
            });
          }
          expect(received).not.toEqual([]);
        },
        { what: 'the published event', timeoutMs: 20_000, intervalMs: 100 },
      );
    } finally {
      subscription.unsubscribe();
    }
    expect(received[0]).toEqual({
      id: videoId,
      userId: user.sub,
      status: 'PROCESSING',
      progress: 42,
      failureReason: null,
    });
  });
});
