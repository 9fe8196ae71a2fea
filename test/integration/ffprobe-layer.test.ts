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
import { ffmpeg } from '../support/hostile-media';

const run = promisify(execFile);
const ffprobePath = path.join(LAYER_DIR, LAYER_FFPROBE);

/** Each container and how ffmpeg makes a 2 s clip of it. */
const CONTAINERS: Array<{ name: string; file: string; codecs: string[]; video: string }> = [
  { name: 'MP4', file: 'clip.mp4', codecs: ['-c:v', 'libx264', '-c:a', 'aac'], video: 'h264' },
  { name: 'MOV', file: 'clip.mov', codecs: ['-c:v', 'libx264', '-c:a', 'aac'], video: 'h264' },
  { name: 'MKV', file: 'clip.mkv', codecs: ['-c:v', 'libx264', '-c:a', 'aac'], video: 'h264' },
  {
    name: 'WebM',
    file: 'clip.webm',
    codecs: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus'],
    video: 'vp9',
  },
  { name: 'MPEG-TS', file: 'clip.ts', codecs: ['-c:v', 'libx264', '-c:a', 'aac'], video: 'h264' },
  { name: 'AVI', file: 'clip.avi', codecs: ['-c:v', 'mpeg4', '-c:a', 'mp3'], video: 'mpeg4' },
];

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
    const sources = [
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25:duration=2',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=2',
    ];
    await Promise.all(
      CONTAINERS.map((container) =>
        ffmpeg(...sources, ...container.codecs, '-pix_fmt', 'yuv420p', path.join(dir, container.file)),
      ),
    );
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

  test.each(CONTAINERS)('probes $name from a file', async ({ file, video }) => {
    await expect(probe(path.join(dir, file), { ffprobePath })).resolves.toMatchObject({
      width: 320,
      height: 240,
      hasAudio: true,
      videoCodec: video,
      durationSeconds: expect.closeTo(2, 0),
    });
  });

  test.each(CONTAINERS)(
    'probes $name through http://localhost (a hostname lookup) with byte ranges',
    async ({ file, video }) => {
      const facts = await probe(`http://localhost:${httpPort}/${file}?X-Amz-Signature=abc`, { ffprobePath });
      expect(facts).toMatchObject({
        width: 320,
        height: 240,
        hasAudio: true,
        videoCodec: video,
        durationSeconds: expect.closeTo(2, 0),
      });
    },
  );

  test('refuses what it was not built to read: an HLS playlist is not followed', async () => {
    writeFileSync(
      path.join(dir, 'list.mp4'),
      `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nhttp://localhost:${httpPort}/clip.ts\n#EXT-X-ENDLIST\n`,
    );
    await expect(probe(path.join(dir, 'list.mp4'), { ffprobePath })).rejects.toThrow(
      new ProbeError('The file is not a video that can be read, or it is damaged.'),
    );
  });

  test('an unreachable host is an error to retry, not a verdict on the upload', async () => {
    const failure = probe(`http://no-such-host.invalid/${CONTAINERS[0]!.file}`, { ffprobePath });
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
