import { startLocalCloudProcess } from '../support/local-cloud-process';

describe('npm start (the dev server)', () => {
  test('prints where everything is, keeps state across restarts, and stops cleanly on Ctrl-C', async () => {
    const first = await startLocalCloudProcess();
    expect(first.output()).toMatch(/GraphQL +http:\/\/127\.0\.0\.1:\d+\/graphql/);
    // The web app first: it is what a person opens.
    expect(first.output()).toMatch(
      /is ready\n {2}Web app +http:\/\/127\.0\.0\.1:\d+ {3}\(the client; config at \/config\.json\)\n/,
    );
    // No email leaves the machine: the banner says where the sign-up codes are.
    expect(first.output()).toMatch(
      /\n {2}Emails +none are sent: sign-up confirmation and password reset codes appear in this log \("cognito: confirmation code for <email>: <code>"\)\n/,
    );
    expect(first.endpoints.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.endpoints.userPoolId).toMatch(/^us-east-1_/);
    expect(await first.stop('SIGINT')).toBe(0);
    const second = await startLocalCloudProcess({ dataDir: first.dataDir });
    expect(second.endpoints.userPoolId).toBe(first.endpoints.userPoolId);
    expect(second.endpoints.apiKey).toBe(first.endpoints.apiKey);
    expect(await second.stop('SIGINT')).toBe(0);
  }, 60000);
});
