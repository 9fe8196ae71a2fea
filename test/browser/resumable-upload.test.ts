import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { openBrowser } from '../support/browser';
import { eventually } from '../support/eventually';
import type { Browser } from '../support/browser';
import { startLocalCloudProcess } from '../support/local-cloud-process';
import type { LocalCloudProcess } from '../support/local-cloud-process';
import { makeClip } from '../support/media';
import { createUser } from '../support/users';
import type { TestUser } from '../support/users';

// A multipart upload in Chromium that a reload cuts short, resumed by picking the same file again:
// only the parts S3 lacks are sent, and the video is registered and transcoded. The local cloud's
// POST limit is lowered so that a 17 MB file takes the multipart path (8 MiB parts: 3 of them).

jest.setTimeout(240_000);

const POST_LIMIT = 5 * 1000 * 1000;
const PART_SIZE = 8 * 1024 * 1024;

let cloud: LocalCloudProcess;
let browser: Browser;
let page: Page;
let user: TestUser;
let clip: string;

/** A PUT of one part of a multipart upload (presigned UploadPart: ?partNumber=&uploadId=). */
function partNumberOf(route: Route): number | undefined {
  const request = route.request();
  const url = new URL(request.url());
  if (request.method() !== 'PUT' || !url.searchParams.has('uploadId')) return undefined;
  return Number(url.searchParams.get('partNumber'));
}

beforeAll(async () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'videopipe-browser-multipart-'));
  clip = path.join(work, 'harbour_at_noon.mp4');
  // Four seconds at a constant 36 Mbit/s: about 17.6 MB whatever the picture, and quick to transcode.
  makeClip(clip, { width: 640, height: 360, seconds: 4, audio: true, bitrate: '36M' });
  cloud = await startLocalCloudProcess({
    args: ['--auto-confirm'],
    env: { VIDEOPIPE_MAX_UPLOAD_BYTES: String(POST_LIMIT) },
  });
  user = await createUser(cloud.endpoints, 'resumer', 'Resumer');
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
});

describe('a multipart upload in the browser', () => {
  test('pauses and resumes, survives a reload mid-upload by resuming the same file, sends only the missing parts, and reaches DONE', async () => {
    const size = statSync(clip).size;
    expect(size).toBeGreaterThan(2 * PART_SIZE);
    expect(size).toBeLessThan(3 * PART_SIZE);
    const web = cloud.endpoints.webUrl;

    // Signed in.
    await page.goto(`${web}/sign-in?next=%2Fupload`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Upload a video' }).waitFor();

    // S3 receives part 1; parts 2 and 3 are held on their way (never answered), so the reload
    // below lands mid-upload whatever the machine's speed.
    const requested: number[] = [];
    const held: Route[] = [];
    await page.route('**/*', async (route) => {
      const partNumber = partNumberOf(route);
      if (partNumber === undefined) return route.fallback();
      requested.push(partNumber);
      if (partNumber === 1) return route.continue();
      held.push(route);
    });

    // Act: upload the file.
    await page.getByLabel(/choose a video/i).setInputFiles(clip);
    await page.getByLabel('Title').fill('Harbour at noon');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('progressbar', { name: 'Uploading' }).waitFor();
    await page.waitForResponse((response) => /[?&]partNumber=1&/.test(response.url()) && response.ok());
    await eventually(() => expect([...requested].sort()).toEqual([1, 2, 3]), { what: 'the three parts' });

    // Pause: the held parts are aborted; resume: S3 is asked, and only parts 2 and 3 go again.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('progressbar', { name: 'Paused' }).waitFor();
    expect(Number(await page.getByRole('progressbar', { name: 'Paused' }).getAttribute('aria-valuenow'))).toBe(
      Math.floor((PART_SIZE / size) * 100),
    );
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await eventually(() => expect(requested).toHaveLength(5), {
      what: 'parts 2 and 3 again',
      timeoutMs: 30_000,
    });
    expect(requested.slice(3).sort()).toEqual([2, 3]);
    await browser.screenshot('20-multipart-uploading');

    // A reload mid-upload is questioned first (beforeunload), then goes ahead.
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);
    for (const route of held.splice(0)) await route.abort().catch(() => undefined);

    // My videos shows the interrupted upload with how far it got, so nobody starts it twice.
    await page.getByRole('link', { name: 'My videos', exact: true }).click();
    const interrupted = page.getByRole('listitem', { name: 'Harbour at noon' });
    await interrupted.getByRole('progressbar', { name: 'Interrupted' }).waitFor();
    await browser.screenshot('21-multipart-interrupted');

    // The same file picked again is offered for resuming, with its title; only parts 2 and 3 go.
    const resumed: number[] = [];
    await page.unroute('**/*');
    await page.route('**/*', async (route) => {
      const partNumber = partNumberOf(route);
      if (partNumber !== undefined) resumed.push(partNumber);
      return route.fallback();
    });
    await interrupted.getByRole('link', { name: 'Upload page' }).click();
    await page.getByLabel(/choose a video/i).setInputFiles(clip);
    await page.getByText('You began uploading this file before, as “Harbour at noon”.').waitFor();
    expect(await page.getByLabel('Title').inputValue()).toBe('Harbour at noon');
    await browser.screenshot('22-multipart-resume-offer');
    await page.getByRole('button', { name: 'Resume upload' }).click();

    // Registered, then transcoded.
    await page.getByRole('heading', { name: 'My videos' }).waitFor();
    const row = page.getByRole('listitem', { name: 'Harbour at noon' });
    await row.locator('[data-status="PROCESSING"], [data-status="DONE"]').first().waitFor({ timeout: 30_000 });
    expect([...resumed].sort()).toEqual([2, 3]);
    expect(await page.getByRole('progressbar', { name: 'Interrupted' }).count()).toBe(0);
    await row.locator('[data-status="DONE"]').waitFor({ timeout: 150_000 });
    await browser.screenshot('23-multipart-done');
    expect(browser.problems.filter((problem) => !/ERR_FAILED|net::/.test(problem))).toEqual([]);
  });
});
