// `npm run screenshots`: the README's pictures of the web client, taken from the real thing. Boots
// its own local cloud in a scratch dir, uploads a few generated clips with the demo CLI, and
// photographs the feed, a playing watch page, My videos and a multipart upload on its way in
// Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBrowser } from '../test/support/browser';
import { startLocalCloudProcess } from '../test/support/local-cloud-process';
import { makeClip } from '../test/support/media';
import { DEMO_EMAIL, DEMO_PASSWORD } from './lib/demo-user';

const root = path.resolve(__dirname, '..');
const imagesDir = path.join(root, 'docs', 'images');

const CLIPS = [
  {
    title: 'Colour bars at 1080p',
    description: 'SMPTE HD bars, the classic calibration picture.',
    source: 'smptehdbars',
    width: 1920,
    height: 1080,
  },
  {
    title: 'Mandelbrot zoom',
    description: 'Twelve seconds into the set.',
    source: 'mandelbrot',
    width: 1280,
    height: 720,
  },
  {
    title: 'Gradients, slowly turning',
    description: 'Soft colour, good for judging banding at low bitrates.',
    source: 'gradients',
    width: 1280,
    height: 720,
  },
  {
    title: 'Harbour at dawn',
    description: 'The test pattern with a tone, as every test uses.',
    source: 'testsrc2',
    width: 1280,
    height: 720,
  },
];

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'videopipe-screenshots-'));
  const cloud = await startLocalCloudProcess({ args: ['--auto-confirm'] });
  const browser = await openBrowser({ width: 1280, height: 800 });
  try {
    for (const [index, clip] of CLIPS.entries()) {
      const file = path.join(work, `clip-${index}.mp4`);
      makeClip(file, { width: clip.width, height: clip.height, seconds: 12, audio: true, source: clip.source });
      const demo = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/demo.ts',
          file,
          '--title',
          clip.title,
          '--description',
          clip.description,
          '--data-dir',
          cloud.dataDir,
        ],
        { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } },
      );
      if (demo.status !== 0)
        throw new Error(`the demo upload of "${clip.title}" failed:\n${demo.stdout}${demo.stderr}`);
      console.log(`uploaded and transcoded "${clip.title}"`);
    }
    const { page } = browser;
    await page.goto(cloud.endpoints.webUrl);
    await page.getByRole('link', { name: /Colour bars/ }).waitFor();
    await page.waitForFunction('[...document.images].every((image) => image.complete && image.naturalWidth > 0)');
    await page.screenshot({ path: path.join(imagesDir, 'feed.png') });

    await page.getByRole('link', { name: /Mandelbrot zoom/ }).click();
    await page.waitForFunction('Number(document.querySelector("video")?.dataset.levels) >= 2');
    await page.evaluate(
      '(() => { const video = document.querySelector("video"); video.muted = true; return video.play(); })()',
    );
    await page.waitForFunction('document.querySelector("video").currentTime > 3');
    await page.evaluate('document.querySelector("video").pause()');
    await page.screenshot({ path: path.join(imagesDir, 'web-client.png') });

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(DEMO_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'My videos' }).waitFor();
    await page.getByRole('listitem', { name: 'Harbour at dawn' }).waitFor();
    await page.waitForFunction('[...document.images].every((image) => image.complete && image.naturalWidth > 0)');
    await page.screenshot({ path: path.join(imagesDir, 'my-videos.png') });

    // A file over the POST's limit on its way, in parts (so it can pause), over an uplink slowed
    // down enough for the speed and time left to show; cancelled once photographed.
    const large = path.join(work, 'harbour-at-dusk.mp4');
    makeClip(large, { width: 640, height: 360, seconds: 4, bitrate: '250M' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).click();
    await page.getByLabel(/choose a video/i).setInputFiles(large);
    await page.getByLabel('Title').fill('Harbour at dusk');
    const network = await browser.context.newCDPSession(page);
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 4_000_000,
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    // A third of the way, when the speed is the connection's and not that of its first moments.
    await page.waitForFunction(
      'Number(document.querySelector("[role=progressbar][aria-label=Uploading]")?.getAttribute("aria-valuenow")) >= 33' +
        ' && /\\/s · \\d+:\\d\\d left/.test(document.querySelector(".progress-text")?.textContent ?? "")',
      undefined,
      { timeout: 120_000 },
    );
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await page.screenshot({ path: path.join(imagesDir, 'upload-progress.png') });
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await network.detach();
    console.log(
      `wrote feed.png, web-client.png, my-videos.png and upload-progress.png in ${path.relative(root, imagesDir)}/`,
    );
  } finally {
    await browser.close();
    await cloud.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
