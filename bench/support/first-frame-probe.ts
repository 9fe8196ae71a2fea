import type { Page } from 'playwright-core';

// What the playback bench learns inside a page, from outside the app: an init script (run before
// any of the page's own) that finds the first <video> as it is added, makes it muted and autoplay
// (the bare page has both; the watch page has neither, so this is a viewer pressing play at once),
// and notes the first frame the browser presents (requestVideoFrameCallback), in milliseconds since
// the navigation started (performance.timeOrigin). The resource timings then say what was fetched
// and when. Nothing is added to the app for it.

const PROBE_GLOBAL = '__playbackBenchFirstFrame';

const FIRST_FRAME_PROBE = `(() => {
  const watch = (video) => {
    video.muted = true;
    video.autoplay = true;
    video.requestVideoFrameCallback((now, frame) => {
      window.${PROBE_GLOBAL} = { atMs: frame.presentationTime, width: frame.width, height: frame.height };
    });
  };
  const observer = new MutationObserver(() => {
    const video = document.querySelector('video');
    if (!video) return;
    observer.disconnect();
    watch(video);
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

export interface FirstFrame {
  /** Navigation start to the first presented frame. */
  atMs: number;
  width: number;
  height: number;
}

export interface ResourceEntry {
  name: string;
  startTime: number;
  responseEnd: number;
}

export interface PageLoad {
  firstFrame: FirstFrame;
  resources: ResourceEntry[];
}

export async function installFirstFrameProbe(page: Page): Promise<void> {
  await page.addInitScript(FIRST_FRAME_PROBE);
}

/** Waits for the probe's first frame, then reads every resource timing the page has so far. */
export async function readPageLoad(page: Page, timeoutMs: number): Promise<PageLoad> {
  const handle = await page.waitForFunction(`window.${PROBE_GLOBAL}`, undefined, { timeout: timeoutMs });
  const firstFrame = (await handle.jsonValue()) as FirstFrame;
  const resources = await page.evaluate<ResourceEntry[]>(`performance.getEntriesByType('resource').map((entry) => ({
    name: entry.name,
    startTime: entry.startTime,
    responseEnd: entry.responseEnd,
  }))`);
  return { firstFrame, resources };
}
