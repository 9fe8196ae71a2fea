// Cognito's IAM-authorized operations (Admin*, DescribeUserPoolClient) on the local pool: refused
// unsigned or badly signed with the errors AWS gives, answered when signed with the local key pair.
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { LocalPool, POOL_CREDENTIALS, POOL_REGION } from '../support/local-pool';

const EMAIL = 'admin-target@example.com';

describe('IAM-authorized operations on the local pool', () => {
  const local = new LocalPool({ autoConfirm: true });
  beforeAll(async () => {
    await local.start();
    await local.signUp(EMAIL, 'Correct-Horse-9');
  });
  afterAll(() => local.remove());

  const clientWith = (credentials: { accessKeyId: string; secretAccessKey: string }, region = POOL_REGION) =>
    new CognitoIdentityProviderClient({ endpoint: local.pool.endpoint, region, credentials, maxAttempts: 1 });

  test('an unsigned AdminGetUser is MissingAuthenticationTokenException', async () => {
    const response = await fetch(local.pool.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser',
      },
      body: JSON.stringify({ UserPoolId: local.pool.userPoolId, Username: EMAIL }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await response.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  test('another access key is UnrecognizedClientException, the wrong secret or region is InvalidSignatureException', async () => {
    const cases: Array<[CognitoIdentityProviderClient, string, string]> = [
      [
        clientWith({ accessKeyId: 'AKIASOMEONEELSE0001', secretAccessKey: POOL_CREDENTIALS.secretAccessKey }),
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ],
      [
        clientWith({ accessKeyId: POOL_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' }),
        'InvalidSignatureException',
        'The request signature we calculated does not match',
      ],
      [
        clientWith(POOL_CREDENTIALS, 'us-east-1'),
        'InvalidSignatureException',
        "Credential should be scoped to a valid region, not 'us-east-1'.",
      ],
    ];
    for (const [client, name, message] of cases) {
      await expect(
        client.send(new AdminGetUserCommand({ UserPoolId: local.pool.userPoolId, Username: EMAIL })),
      ).rejects.toMatchObject({ name, message: expect.stringContaining(message) });
      await expect(
        client.send(
          new DescribeUserPoolClientCommand({
            UserPoolId: local.pool.userPoolId,
            ClientId: local.pool.userPoolClientId,
          }),
        ),
      ).rejects.toMatchObject({ name });
      client.destroy();
    }
  });

  test('signed with the local credentials, they answer; DescribeUserPoolClient shows the table', async () => {
    const user = await local.client.send(
      new AdminGetUserCommand({ UserPoolId: local.pool.userPoolId, Username: EMAIL }),
    );
    expect(user).toMatchObject({ UserStatus: 'CONFIRMED', Enabled: true });
    const described = await local.client.send(
      new DescribeUserPoolClientCommand({ UserPoolId: local.pool.userPoolId, ClientId: local.pool.userPoolClientId }),
    );
    expect(described.UserPoolClient).toMatchObject({
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    });
  });
});
