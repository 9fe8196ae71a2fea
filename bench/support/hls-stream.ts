import { parseMasterPlaylist } from '../../functions/lib/hls-master-playlist';
import { parsePlaylist } from '../../test/support/media';

// The playback bench's view of one HLS stream: every variant and segment with its URL, so the
// resource timings of a page load can be read as "which rendition, which segment". Read through
// the playback distribution, which also fills its cache with every file, as a played video's are.

export interface Variant {
  url: string;
  /** Listed order in the master playlist (hls.js's first level is the first listed). */
  order: number;
  width: number;
  height: number;
  bandwidth: number;
}

export interface Segment {
  url: string;
  variant: Variant;
  index: number;
  seconds: number;
  bytes: number;
}

export interface HlsStream {
  masterUrl: string;
  variants: Variant[];
  segments: Map<string, Segment>;
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response;
}

export async function readHlsStream(masterUrl: string): Promise<HlsStream> {
  const master = await (await fetchOk(masterUrl)).text();
  const variants = parseMasterPlaylist(master).map((variant, order) => ({
    url: new URL(variant.uri, masterUrl).href,
    order,
    width: variant.width ?? 0,
    height: variant.height ?? 0,
    bandwidth: variant.bandwidth,
  }));
  const segments = new Map<string, Segment>();
  for (const variant of variants) {
    const playlist = parsePlaylist(await (await fetchOk(variant.url)).text());
    for (const [index, segment] of (playlist.segments ?? []).entries()) {
      const url = new URL(segment.uri, variant.url).href;
      const bytes = (await (await fetchOk(url)).arrayBuffer()).byteLength;
      segments.set(url, { url, variant, index, seconds: segment.duration, bytes });
    }
  }
  return { masterUrl, variants, segments };
}

/** "720p" for a landscape or portrait rendition alike. */
export function rungName(variant: Pick<Variant, 'width' | 'height'>): string {
  return `${Math.min(variant.width, variant.height)}p`;
}
