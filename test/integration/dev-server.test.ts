import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PORT_ENV_NAMES } from '../../local/ports';
import { runFailingLocalCloudProcess, startLocalCloudProcess } from '../support/local-cloud-process';
import type { ClientConfig } from '../../common/client-config';
import { multipartApi } from '../support/multipart-uploads';
import { askForTicket } from '../support/upload-tickets';
import { createUser } from '../support/users';

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

  test('a taken port stops the start with a sentence naming the variable that moves that service, and no stack trace', async () => {
    // Prepare: something else holds a port, and S3 is asked to use it (every other service on a free port).
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    const env = Object.fromEntries(Object.values(PORT_ENV_NAMES).map((variable) => [variable, '0']));
    try {
      // Act
      const run = await runFailingLocalCloudProcess({ env: { ...env, VIDEOPIPE_S3_PORT: String(port) } });

      // Assess
      expect(run.code).toBe(1);
      expect(run.output.trimEnd().split('\n').pop()).toBe(
        `videopipe could not start: S3 cannot listen on port ${port}: it is already in use. Stop what uses it, start with VIDEOPIPE_S3_PORT=<a free port>, or let every service pick a free port: npm start -- --ephemeral-ports.`,
      );
      expect(run.output).not.toMatch(/^\s+at /m);
    } finally {
      holder.close();
    }
  }, 60000);
  test('VIDEOPIPE_MAX_UPLOAD_BYTES and VIDEOPIPE_MAX_MULTIPART_UPLOAD_BYTES set the limits config.json states and the API holds to', async () => {
    // Prepare
    const cloud = await startLocalCloudProcess({
      args: ['--auto-confirm'],
      env: { VIDEOPIPE_MAX_UPLOAD_BYTES: '1000000', VIDEOPIPE_MAX_MULTIPART_UPLOAD_BYTES: '2000000' },
    });
    try {
      // Act
      const config = (await (await fetch(`${cloud.endpoints.webUrl}/config.json`)).json()) as ClientConfig;
      const user = await createUser(cloud.endpoints, 'limits');
      const post = await askForTicket(cloud.endpoints, user, 1_000_001);
      const multipart = multipartApi(cloud.endpoints, user);
      const [fits, tooLarge] = [await multipart.start(2_000_000), await multipart.start(2_000_001)];

      // Assess
      expect(config).toMatchObject({ maxUploadBytes: 1_000_000, maxMultipartUploadBytes: 2_000_000 });
      expect(post.errors?.[0]?.message).toBe('The file is 1.0 MB; the limit is 1.0 MB.');
      expect(fits.data?.startMultipartUpload).toMatchObject({ size: 2_000_000, maxBytes: 2_000_000 });
      expect(tooLarge.errors?.[0]?.message).toBe('The file is 2.0 MB; the limit is 2.0 MB.');
    } finally {
      await cloud.stop('SIGINT');
    }
  }, 120_000);

  test('a multipart limit past 5 GiB (what one CopyObject copies) stops the start with a sentence', async () => {
    await expect(
      startLocalCloudProcess({ env: { VIDEOPIPE_MAX_MULTIPART_UPLOAD_BYTES: String(5 * 1024 ** 3 + 1) } }),
    ).rejects.toThrow(
      'videopipe could not start: The largest multipart upload is 5368709120 bytes (5 GiB, what one CopyObject copies), not 5368709121.',
    );
  }, 120_000);
});
