import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser as PlaywrightBrowser, BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the page, for asserting there were none. */
  problems: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Where screenshots go: test-artifacts/browser/ (ignored by git; CI keeps it). */
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', '..', 'test-artifacts', 'browser');

function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
}

/**
 * Headless Chromium with the tests' flags and no profile of its own: each `newContext()` is a fresh,
 * incognito-like one (its own cache, cookies and connections), for runs that need many cold loads.
 */
export async function launchChromium(): Promise<PlaywrightBrowser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS, headless: true });
}

/** Headless Chromium with a fresh profile, so no cookie, cache or storage of another run leaks in. */
export async function openBrowser(options: { width?: number; height?: number } = {}): Promise<Browser> {
  requireChromium();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'videopipe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: FLAGS,
    headless: true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    context,
    page,
    problems,
    async screenshot(name) {
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface AccessibilityViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's WCAG 2 A/AA rules on the page as it is now (labels, names, contrast, landmarks...):
 * the serious and critical findings, each with the elements it found.
 */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate<{
    violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
  }>(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`);
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}
