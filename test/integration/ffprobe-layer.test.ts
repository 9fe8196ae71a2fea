// The ffprobe the Lambda layer ships (build/layers/ffprobe, /opt on Lambda), run as process-upload
// runs it: every container the product takes, over HTTP by hostname with byte ranges as S3 serves
// presigned GETs, over HTTPS with the certificate verified, and in an empty root with nothing of
// this machine's libraries, as on Amazon Linux 2023.
import { execFile } from 'node:child_process';
import { createReadStream, cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ProbeError } from '../../common/ffprobe';
import { probe } from '../../functions/lib/probe';
import { loadOrCreateCertificate } from '../../local/tls';
import { LAYER_CA_BUNDLE, LAYER_DIR, LAYER_FFPROBE, buildFfprobeLayer } from '../../scripts/layer/build-ffprobe';
import { EM_X86_64, readElfFacts } from '../support/elf';
import { CONTAINER_CLIPS, makeContainerClip } from '../support/containers';

const run = promisify(execFile);
const ffprobePath = path.join(LAYER_DIR, LAYER_FFPROBE);

/** A file server answering Range requests as S3 does (206 with Content-Range), for ffprobe's seeks. */
function serveFiles(dir: string) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const file = path.join(dir, path.basename(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      response.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    response.writeHead(range ? 206 : 200, {
      'Content-Length': end - start + 1,
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    createReadStream(file, { start, end }).pipe(response);
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('the ffprobe layer', () => {
  let dir: string;
  let http: Server;
  let httpPort: number;

  beforeAll(async () => {
    await buildFfprobeLayer();
    dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-layer-'));
    await Promise.all(CONTAINER_CLIPS.map((clip) => makeContainerClip(dir, clip)));
    http = createHttpServer(serveFiles(dir));
    httpPort = await listen(http);
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test('is a static x86-64 binary: no dynamic loader, nothing it could dlopen (NSS, gconv)', () => {
    expect(readElfFacts(ffprobePath)).toEqual({ machine: EM_X86_64, hasInterpreter: false, hasDynamicSection: false });
    // A negative control: an ordinary program of this machine is dynamic.
    expect(readElfFacts(process.execPath)).toMatchObject({ hasInterpreter: true, hasDynamicSection: true });
  });

  // Every container the allow-list lets through (common/media-containers.ts); playlists and the
  // containers it refuses: test/integration/probe-allow-lists.test.ts.
  test.each(CONTAINER_CLIPS)('probes $name from a file', async ({ file, video, audio }) => {
    await expect(probe(path.join(dir, file), { ffprobePath })).resolves.toMatchObject({
      width: 320,
      height: 240,
      hasAudio: audio,
      videoCodec: video,
      durationSeconds: expect.closeTo(2, 0),
    });
  });

  test.each(CONTAINER_CLIPS)(
    'probes $name through http://localhost (a hostname lookup) with byte ranges',
    async ({ file, video, audio }) => {
      const facts = await probe(`http://localhost:${httpPort}/${file}?X-Amz-Signature=abc`, { ffprobePath });
      expect(facts).toMatchObject({
        width: 320,
        height: 240,
        hasAudio: audio,
        videoCodec: video,
        durationSeconds: expect.closeTo(2, 0),
      });
    },
  );

  test('an unreachable host is an error to retry, not a verdict on the upload', async () => {
    const failure = probe(`http://no-such-host.invalid/${CONTAINER_CLIPS[0]!.file}`, { ffprobePath });
    await expect(failure).rejects.toThrow(
      /^ffprobe could not fetch the file: .*Failed to resolve hostname no-such-host.invalid/,
    );
    await expect(failure).rejects.not.toBeInstanceOf(ProbeError);
  });

  describe('over HTTPS', () => {
    let https: Server;
    let url: string;
    let caFile: string;

    beforeAll(async () => {
      // The local cloud's own self-signed certificate for localhost, made in a scratch dir.
      const certificate = await loadOrCreateCertificate(path.join(dir, 'tls'));
      caFile = certificate.certFile;
      https = createHttpsServer({ key: certificate.key, cert: certificate.cert }, serveFiles(dir));
      url = `https://localhost:${await listen(https)}/clip.ts`;
    });
    afterAll(() => new Promise((resolve) => https.close(resolve)));

    test('reads a file from a server whose certificate the CA file vouches for', async () => {
      await expect(probe(url, { ffprobePath, caFile })).resolves.toMatchObject({
        width: 320,
        height: 240,
        videoCodec: 'h264',
      });
    });

    test("refuses a certificate the layer's CA bundle does not vouch for, as an error to retry", async () => {
      const failure = probe(url, { ffprobePath, caFile: path.join(LAYER_DIR, LAYER_CA_BUNDLE) });
      await expect(failure).rejects.toThrow(/^ffprobe could not fetch the file/);
      await expect(failure).rejects.not.toBeInstanceOf(ProbeError);
    });
  });

  // chroot needs root (CI runs as root); elsewhere the ELF check above stands in for it.
  (process.getuid?.() === 0 ? test : test.skip)(
    'runs in an empty root with only /etc/hosts, as on a host with other libraries',
    async () => {
      const jail = mkdtempSync(path.join(os.tmpdir(), 'videopipe-jail-'));
      try {
        mkdirSync(path.join(jail, 'etc'));
        mkdirSync(path.join(jail, 'bin'));
        writeFileSync(path.join(jail, 'etc', 'hosts'), '127.0.0.1 localhost\n');
        cpSync(ffprobePath, path.join(jail, 'bin', 'ffprobe'));
        const { stdout } = await run('chroot', [
          jail,
          '/bin/ffprobe',
          '-v',
          'error',
          '-show_entries',
          'format=format_name',
          '-of',
          'csv=p=0',
          `http://localhost:${httpPort}/clip.ts`,
        ]);
        expect(stdout.trim()).toBe('mpegts');
      } finally {
        rmSync(jail, { recursive: true, force: true });
      }
    },
  );
});
