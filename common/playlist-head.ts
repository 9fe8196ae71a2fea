import { open } from 'node:fs/promises';

// Tells a playlist by its first bytes. The allow-lists (media-containers.ts) already keep ffprobe
// from following one; this only finds the words for the refusal when the ffprobe at hand has no
// demuxer to name it (the Lambda layer's has no hls or concat: it calls a playlist invalid data).

/** How much of the file is read: every marker below sits at its very start. */
const HEAD_BYTES = 1024;
const HEAD_TIMEOUT_MS = 5_000;

/** HLS, ffconcat, PLS, XSPF, ASX, DASH and SMIL manifests, by what each begins with. */
const PLAYLIST_START =
  /^(#EXTM3U|ffconcat version|\[playlist\]|(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<(MPD|smil|playlist|asx)[\s>])/i;

/** The text starts as a playlist does (after a byte order mark and blank space). */
export function startsLikePlaylist(head: Buffer): boolean {
  return PLAYLIST_START.test(
    head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart(),
  );
}

/** The first bytes of a path, or of a URL by a ranged GET that follows no redirect. */
async function readHead(input: string): Promise<Buffer> {
  if (/^https?:/i.test(input)) {
    const response = await fetch(input, {
      headers: { Range: `bytes=0-${HEAD_BYTES - 1}` },
      redirect: 'error',
      signal: AbortSignal.timeout(HEAD_TIMEOUT_MS),
    });
    if (!response.ok || !response.body) throw new Error(`GET answered ${response.status}`);
    // A server that ignores Range sends the whole file: read the head and hang up.
    const chunks: Uint8Array[] = [];
    let length = 0;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    while (length < HEAD_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
    await reader.cancel();
    return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
  }
  const file = await open(input, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Whether the input at a path or URL is a playlist; false when its head cannot be read. */
export async function isPlaylist(input: string): Promise<boolean> {
  try {
    return startsLikePlaylist(await readHead(input));
  } catch {
    return false;
  }
}
