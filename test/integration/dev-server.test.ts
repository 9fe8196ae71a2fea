import type { ClientConfig } from '../../common/client-config';
import { startLocalCloudProcess } from '../support/local-cloud-process';
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
    expect(first.endpoints.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.endpoints.userPoolId).toMatch(/^us-east-1_/);
    expect(await first.stop('SIGINT')).toBe(0);
    const second = await startLocalCloudProcess({ dataDir: first.dataDir });
    expect(second.endpoints.userPoolId).toBe(first.endpoints.userPoolId);
    expect(second.endpoints.apiKey).toBe(first.endpoints.apiKey);
    expect(await second.stop('SIGINT')).toBe(0);
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
