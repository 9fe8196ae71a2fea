import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Cookie, Page } from 'playwright-core';
import { accessibilityViolations, openBrowser } from '../support/browser';
import type { Browser } from '../support/browser';
import { eventually } from '../support/eventually';
import { startLocalCloudProcess } from '../support/local-cloud-process';
import type { LocalCloudProcess } from '../support/local-cloud-process';
import { makeClip } from '../support/media';

// The web client as a person uses it, in Debian's Chromium against `npm start`'s dev server (its own
// one, without --auto-confirm, so sign-up goes through the emailed code as it does on AWS).

jest.setTimeout(180_000);

const password = 'Correct-Horse-9-battery';

let cloud: LocalCloudProcess;
let browser: Browser;
let page: Page;
let work: string;
let clip: string;
const email = `viewer-${Date.now()}@example.com`;

/** Each page as it looked (test-artifacts/browser/<name>.png), and what axe-core found on it. */
const accessibility: Record<string, unknown[]> = {};
async function snapshot(name: string): Promise<void> {
  await browser.screenshot(name);
  const violations = await accessibilityViolations(page);
  if (violations.length > 0) accessibility[name] = violations;
}

function loggedCode(kind: string): string | undefined {
  const line = cloud
    .output()
    .split('\n')
    .filter((text) => text.includes(`${kind} for ${email}`))
    .pop();
  return line?.trim().split(' ').pop();
}

function waitForCode(kind = 'confirmation code'): Promise<string> {
  return eventually(
    () => {
      const code = loggedCode(kind);
      expect(code).toBeDefined();
      return code!;
    },
    { what: `the ${kind} for ${email} in the dev server's log`, timeoutMs: 10_000, intervalMs: 100 },
  );
}

/** Amplify's token keys (CognitoIdentityServiceProvider.<client id>.<user>.idToken, ...LastAuthUser, ...). */
const TOKEN_KEY_PREFIX = 'CognitoIdentityServiceProvider.';

async function tokenCookies(): Promise<Cookie[]> {
  const cookies = await browser.context.cookies(cloud.endpoints.webUrl);
  return cookies.filter((cookie) => cookie.name.startsWith(TOKEN_KEY_PREFIX));
}

/** Every key and value the page keeps in localStorage and sessionStorage. */
function webStorage(): Promise<Array<[string, string]>> {
  return page.evaluate(`[localStorage, sessionStorage].flatMap((storage) =>
    Object.keys(storage).map((key) => [key, storage.getItem(key)]))`);
}

/** The scripts and stylesheets the page has fetched so far (their paths). */
function fetchedAssets(): Promise<Array<{ path: string; bytes: number }>> {
  return page.evaluate(`performance.getEntriesByType('resource')
    .map((entry) => ({ path: new URL(entry.name).pathname, bytes: entry.encodedBodySize }))
    .filter((asset) => asset.path.endsWith('.js') || asset.path.endsWith('.css'))`);
}

/** The computed background of the Authenticator's card, as [r, g, b]. */
async function signInCardBackground(): Promise<number[]> {
  const colour = await page.evaluate<string>(
    `getComputedStyle(document.querySelector('[data-amplify-router]')).backgroundColor`,
  );
  return (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'videopipe-browser-'));
  clip = path.join(work, 'harbour_at_dawn.mp4');
  makeClip(clip, { width: 1280, height: 720, seconds: 6, audio: true });
  cloud = await startLocalCloudProcess();
  browser = await openBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
});

describe('the web client, end to end', () => {
  test('a visitor sees the feed, signs up with the emailed code, uploads, watches it become DONE live, plays it, switches quality and deletes it', async () => {
    const web = cloud.endpoints.webUrl;

    // The feed, signed out.
    await page.goto(web);
    await page.getByRole('heading', { name: 'Latest videos' }).waitFor();
    await page.getByText('No videos yet.').waitFor();
    await snapshot('01-feed-empty');
    const feedAssets = (await fetchedAssets()).map((asset) => asset.path);
    // The watch page's chunk (hls.js) is no part of the feed's load, preloaded or not.
    expect(feedAssets.filter((asset) => asset.includes('/WatchPage-'))).toEqual([]);
    expect(await page.evaluate('document.querySelectorAll("link[rel=modulepreload]").length')).toBe(0);

    // A visitor who opens Upload is sent to sign in, and creates an account there.
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/\/sign-in\?next=%2Fupload/);
    await page.getByRole('tab', { name: 'Create Account' }).click();
    // Sign-in (Amplify UI's Authenticator, its styles, Amplify itself) came only now: the feed,
    // signed out, fetched none of it.
    const signInAssets = (await fetchedAssets()).filter((asset) => !feedAssets.includes(asset.path));
    expect(signInAssets.some((asset) => asset.path.endsWith('.css'))).toBe(true);
    expect(
      signInAssets.filter((asset) => asset.path.endsWith('.js')).reduce((total, asset) => total + asset.bytes, 0),
    ).toBeGreaterThan(100_000);
    // The pool's password rules (terraform/cognito.json, through config.json), before anyone types.
    await page
      .getByText('Password: At least 12 characters, with a lowercase letter, an uppercase letter and a number.')
      .waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Display name').fill('Ada');
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Confirm Password').fill(password);
    await snapshot('02-sign-up');
    await page.getByRole('button', { name: 'Create Account' }).click();

    // The code the dev server prints, as the email would carry it; the form says where to look.
    await page.getByLabel('Confirmation Code').waitFor();
    await page
      .getByRole('note')
      .getByText(
        'Running locally, no email is sent: the confirmation code is in the log of the terminal running npm start',
      )
      .waitFor();
    await page.getByLabel('Confirmation Code').fill(await waitForCode());
    await snapshot('03-confirm-sign-up');
    await page.getByRole('button', { name: 'Confirm' }).click();

    // Signed in, and back where they were going.
    await page.getByRole('heading', { name: 'Upload a video' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // The session is in first-party cookies, SameSite=Strict, for the whole app (path /, this host
    // only; Secure only where the page is HTTPS, which the local web app is not), and nowhere in
    // localStorage or sessionStorage.
    const cookies = await tokenCookies();
    const clientPrefix = `${TOKEN_KEY_PREFIX}${cloud.endpoints.userPoolClientId}.`;
    for (const token of ['idToken', 'accessToken', 'refreshToken'])
      expect(cookies.some((cookie) => cookie.name.startsWith(clientPrefix) && cookie.name.endsWith(`.${token}`))).toBe(
        true,
      );
    for (const cookie of cookies)
      expect({ name: cookie.name, sameSite: cookie.sameSite, path: cookie.path, domain: cookie.domain }).toEqual({
        name: cookie.name,
        sameSite: 'Strict',
        path: '/',
        domain: new URL(cloud.endpoints.webUrl).hostname,
      });
    expect(cookies.every((cookie) => !cookie.secure && !cookie.httpOnly)).toBe(true);
    const idToken = cookies.find((cookie) => cookie.name.endsWith('.idToken'))?.value ?? '';
    expect(idToken.split('.')).toHaveLength(3);
    const stored = await webStorage();
    expect(stored.filter(([key]) => /cognito|amplify|token/i.test(key))).toEqual([]);
    const tokens = cookies.filter((cookie) => /\.(id|access|refresh)Token$/.test(cookie.name));
    expect(stored.filter(([, value]) => tokens.some((token) => value.includes(token.value)))).toEqual([]);

    // Upload: pick the file, the title comes from its name, add a description.
    await page.getByLabel(/choose a video/i).setInputFiles(clip);
    expect(await page.getByLabel('Title').inputValue()).toBe('harbour at dawn');
    await page.getByLabel('Title').fill('Harbour at dawn');
    await page.getByLabel('Description').fill('Six seconds of test pattern, with a tone.');
    await snapshot('04-upload-form');
    // From here on, nothing may reload the page: the status must arrive by the subscription.
    await page.evaluate('window.__sameDocument = true');
    // Every transcode percentage the page shows, as it shows it.
    await page.evaluate(`(() => {
      window.__progressSeen = [];
      const record = () => document.querySelectorAll('[role=progressbar][aria-label=Transcoding]').forEach((bar) => {
        const value = Number(bar.getAttribute('aria-valuenow'));
        if (window.__progressSeen[window.__progressSeen.length - 1] !== value) window.__progressSeen.push(value);
      });
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
    })()`);
    // A slow uplink (Chrome's network emulation), so the upload's progress, speed and time left show.
    const network = await browser.context.newCDPSession(page);
    await network.send('Network.enable');
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: Math.ceil(statSync(clip).size / 4),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    const uploading = page.getByRole('progressbar', { name: 'Uploading' });
    await page.waitForFunction(
      '/\\/s · \\d+:\\d\\d left/.test(document.querySelector(".progress-text")?.textContent ?? "")',
      undefined,
      { timeout: 15_000 },
    );
    expect(Number(await uploading.getAttribute('aria-valuenow'))).toBeLessThan(100);
    await snapshot('04b-uploading');
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    // My videos: PROCESSING first, then DONE without a reload.
    await page.getByRole('heading', { name: 'My videos' }).waitFor();
    const row = page.getByRole('listitem', { name: 'Harbour at dawn' });
    await row.locator('[data-status="PROCESSING"]').waitFor({ timeout: 30_000 });
    await snapshot('05-my-videos-processing');
    await row.locator('[data-status="DONE"]').waitFor({ timeout: 120_000 });
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    // Progress arrived live along the way, and never went back.
    const seen = await page.evaluate<number[]>('window.__progressSeen');
    expect(seen.some((value) => value > 0 && value < 100)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    await row.locator('img').waitFor();
    await snapshot('06-my-videos-done');

    // The watch page plays it with hls.js, several levels listed in the quality menu.
    const videoId = await row.getAttribute('data-video-id');
    await row.getByRole('link', { name: 'Watch' }).click();
    await page.getByRole('heading', { name: 'Harbour at dawn' }).waitFor();
    const video = page.locator('video');
    await page.waitForFunction('Number(document.querySelector("video")?.dataset.levels) >= 2');
    expect(await video.getAttribute('data-engine')).toBe('hls.js');
    expect(await video.getAttribute('poster')).toMatch(/poster\.0000000\.jpg$/);
    const options = await page.getByLabel('Quality').locator('option').allTextContents();
    expect(options.map((text) => text.split(' ')[0])).toEqual(['Auto', '720p', '480p', '360p', '240p']);
    await page.evaluate(
      '(() => { const video = document.querySelector("video"); video.muted = true; return video.play(); })()',
    );
    await page.waitForFunction('document.querySelector("video").currentTime > 1', undefined, { timeout: 30_000 });
    await snapshot('07-watch-playing');
    // hls.js started on the lowest rung (and, the network being fast here, climbed from there).
    const segments = await page.evaluate<string[]>(
      `performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname.split('/').pop()).filter((name) => name.endsWith('.ts'))`,
    );
    expect(segments[0]).toBe('index_240p_00001.ts');

    // A manual quality choice: hls.js switches to it and playback goes on.
    await page.getByLabel('Quality').selectOption({
      label: (await page.getByLabel('Quality').locator('option', { hasText: '240p' }).textContent()) ?? '',
    });
    await page.locator('[data-playing-height="240"]').waitFor({ timeout: 30_000 });
    const at = Number(await page.evaluate('document.querySelector("video").currentTime'));
    await page.waitForFunction(`document.querySelector("video").currentTime > ${at + 0.5}`, undefined, {
      timeout: 30_000,
    });
    await snapshot('08-watch-240p');

    // The feed now has it, for everyone; on a phone's width too.
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await page.getByRole('link', { name: /Harbour at dawn/ }).waitFor();
    await snapshot('09-feed');
    await page.setViewportSize({ width: 390, height: 844 });
    await snapshot('09-feed-phone');
    const overflow = Number(
      await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // And in the dark scheme, where the contrast must hold too.
    await page.emulateMedia({ colorScheme: 'dark' });
    await snapshot('09-feed-phone-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 860 });

    // Edit the title and description in place.
    await page.getByRole('link', { name: 'My videos', exact: true }).click();
    await page.getByRole('button', { name: 'Edit Harbour at dawn' }).click();
    const form = page.getByRole('form', { name: 'Edit Harbour at dawn' });
    await form.getByLabel('Title').fill('Harbour at dawn, retitled');
    await form.getByLabel('Description').fill('Now with a better description.');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Harbour at dawn, retitled' }).waitFor();
    await page.getByText('Now with a better description.').waitFor();

    // Delete, after a confirmation.
    await page.getByRole('button', { name: 'Delete Harbour at dawn, retitled' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this video?' });
    await dialog.waitFor();
    await snapshot('10-delete-confirm');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('You have not uploaded any videos yet.').waitFor();
    await snapshot('11-my-videos-empty');

    // Its watch page is gone too, said in words.
    await page.goto(`${web}/watch/${videoId}`);
    await page.getByRole('heading', { name: 'Video not found' }).waitFor();

    expect(browser.problems).toEqual([]);
    expect(accessibility).toEqual({});
  });

  test('an expired session leads back to sign-in, and signing in again returns to the page; signing out is not an expiry', async () => {
    // Prepare: the signed-in tokens of the test above, made expired, and a refresh token that is no more.
    // The page's own query answered first, so the expired tokens meet only the request below.
    const myVideosListed = page.waitForResponse(
      (response) => response.request().postData()?.includes('listMyVideos') === true && response.ok(),
    );
    await page.goto(`${cloud.endpoints.webUrl}/my-videos`);
    await page.getByRole('heading', { name: 'My videos' }).waitFor();
    await myVideosListed;
    const expire = (jwt: string) => {
      const [header, payload, signature] = jwt.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { exp: number };
      claims.exp = Math.floor(Date.now() / 1000) - 60;
      return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    };
    await browser.context.addCookies(
      (await tokenCookies()).flatMap((cookie) => {
        if (cookie.name.endsWith('.idToken') || cookie.name.endsWith('.accessToken'))
          return [{ ...cookie, value: expire(cookie.value) }];
        if (cookie.name.endsWith('.refreshToken')) return [{ ...cookie, value: 'revoked-refresh-token' }];
        return [];
      }),
    );

    // Act: the next request (the feed's, on Home) finds the session over. One request only, so
    // the page it leads back to is known.
    await page.getByRole('link', { name: 'Home', exact: true }).click();

    // Assess: sign-in, saying why, and back to Home after signing in.
    await page.waitForURL(/\/sign-in\?next=%2F$/, { timeout: 15_000 }).catch(async (error: unknown) => {
      await snapshot('12-session-expired-not-reached');
      throw new Error(`expected the sign-in page, but the page is at ${page.url()}: ${String(error)}`);
    });
    await page.getByText('Your session has expired; sign in again.').waitFor();
    await snapshot('12-session-expired');
    // The sign-in card follows the OS's dark scheme, as the rest of the app does (and stays legible).
    expect(await signInCardBackground()).toEqual([255, 255, 255]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(Math.max(...(await signInCardBackground()))).toBeLessThan(48);
    await snapshot('12-session-expired-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Latest videos' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByText('Your session has expired').count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // Signing out on purpose is not an expiry: the page stays, and sign-in says nothing of one.
    expect((await tokenCookies()).length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // Signing out leaves no token cookie behind.
    expect(await tokenCookies()).toEqual([]);
    // Signed out, a watch page still asks the API (with its key): this video does not exist.
    await page.goto(`${cloud.endpoints.webUrl}/watch/01ARZ3NDEKTSV4RRFFQ69G5FAV`);
    await page.getByRole('heading', { name: 'Video not found' }).waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await page.getByText('Your session has expired').count()).toBe(0);

    // A forgotten password: a code by "email" (the dev server's log), a new password that the
    // policy refuses and then one it accepts, and a sign-in with it.
    const newPassword = 'Harbour-Lights-2026';
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Code *', { exact: true }).fill(await waitForCode('password reset code'));
    await page.getByText('Password: At least 12 characters').waitFor();
    await page.getByText('the password reset code is in the log of the terminal running npm start').waitFor();
    await page.getByLabel('New Password', { exact: true }).fill('Short-1a');
    await page.getByLabel('Confirm Password').fill('Short-1a');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Password did not conform with policy: Password not long enough').waitFor();
    await snapshot('13-reset-password-refused');
    await page.getByLabel('New Password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm Password').fill(newPassword);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(accessibility).toEqual({});
  });

  test("a portrait video fills a phone's width and stands within a desktop window; its long description opens collapsed", async () => {
    // Prepare: a 9:16 phone clip with a 5,000-character description, uploaded by the demo CLI.
    const portrait = path.join(work, 'on_the_pier.mp4');
    makeClip(portrait, { width: 360, height: 640, seconds: 2, audio: true });
    const description = 'Waves on the harbour wall, gulls over the boats. '.repeat(110).slice(0, 5000);
    const demo = await promisify(execFile)(
      process.execPath,
      [
        ...['--import', 'tsx', 'scripts/demo.ts', portrait, '--title', 'On the pier', '--description', description],
        ...['--data-dir', cloud.dataDir, '--json'],
      ],
      { cwd: path.resolve(__dirname, '..', '..') },
    );
    const { id } = JSON.parse(demo.stdout) as { id: string };
    const problemsBefore = browser.problems.length;

    // Act: its watch page on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${cloud.endpoints.webUrl}/watch/${id}`);
    await page.getByRole('heading', { name: 'On the pier' }).waitFor();
    await page.waitForFunction('document.querySelector("video")?.videoWidth > 0');
    // A load that opens on a watch page: index.html preloaded the page's chunk (once fetched) and
    // config.json (read once, from that preload).
    expect(await page.evaluate('document.querySelector("link[rel=modulepreload]")?.getAttribute("href")')).toMatch(
      /^\/assets\/WatchPage-.*\.js$/,
    );
    const fetched = await page.evaluate<Array<[string, string]>>(
      `performance.getEntriesByType('resource').map((entry) => [new URL(entry.name).pathname, entry.initiatorType])`,
    );
    expect(fetched.filter(([file]) => file.includes('/WatchPage-'))).toHaveLength(1);
    expect(fetched.filter(([file]) => file === '/config.json')).toEqual([['/config.json', 'link']]);
    const box = async () => (await page.locator('video').boundingBox())!;

    // Assess: the player has the video's shape and the page's full width (less its padding).
    const onPhone = await box();
    const content = async () => (await page.locator('.watch').boundingBox())!;
    expect(onPhone.width).toBeCloseTo((await content()).width, 0);
    expect(onPhone.height / onPhone.width).toBeCloseTo(640 / 360, 1);
    // The description opens on its first words: the page stays about two screens, not ten.
    const showMore = page.getByRole('button', { name: 'Show more' });
    expect(await showMore.getAttribute('aria-expanded')).toBe('false');
    const pageHeight = () => page.evaluate<number>('document.documentElement.scrollHeight');
    const collapsed = await pageHeight();
    expect(collapsed).toBeLessThan(2 * 844);
    await snapshot('14-watch-portrait-phone');
    await showMore.click();
    await page.getByRole('button', { name: 'Show less' }).waitFor();
    expect(await pageHeight()).toBeGreaterThan(collapsed + 844);

    // On a desktop it stands whole within the window, centred, still in its own shape.
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.evaluate('window.scrollTo(0, 0)');
    const onDesktop = await box();
    expect(onDesktop.y + onDesktop.height).toBeLessThanOrEqual(860);
    expect(onDesktop.height / onDesktop.width).toBeCloseTo(640 / 360, 1);
    const column = await content();
    expect(onDesktop.x + onDesktop.width / 2).toBeCloseTo(column.x + column.width / 2, 0);
    expect(onDesktop.width).toBeLessThan(column.width / 2);
    await snapshot('15-watch-portrait-desktop');
    expect(browser.problems.slice(problemsBefore)).toEqual([]);
    expect(accessibility).toEqual({});
  });
});
