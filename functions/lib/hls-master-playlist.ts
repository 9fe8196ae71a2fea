// The variant streams of an HLS master playlist (RFC 8216 4.3.4.2). Pure text in, facts out; the
// caller fetches (hls.js keeps m3u8-parser apart from playlist-loader the same way).

export interface VariantStream {
  /** The variant playlist's URI exactly as written: relative to the master playlist. */
  uri: string;
  bandwidth: number;
  averageBandwidth?: number;
  width?: number;
  height?: number;
  codecs?: string;
}

const STREAM_INF = '#EXT-X-STREAM-INF:';

/** attribute-list: AttributeName=AttributeValue pairs, values possibly "quoted" (with commas in them). */
export function parseAttributeList(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const pattern = /\s*([A-Z0-9-]+)=("[^"]*"|[^,]*)\s*(?:,|$)/g;
  for (const match of text.matchAll(pattern)) {
    // Both groups are mandatory in the pattern.
    const name = match[1]!;
    const raw = match[2]!;
    attributes[name] = raw.startsWith('"') ? raw.slice(1, -1) : raw.trim();
  }
  return attributes;
}

function integer(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function resolution(value: string | undefined): { width?: number; height?: number } {
  const match = value?.match(/^(\d+)x(\d+)$/);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : {};
}

/** Throws when the text is not a master playlist (no #EXTM3U, or a stream without BANDWIDTH or URI). */
export function parseMasterPlaylist(text: string): VariantStream[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines[0] !== '#EXTM3U') throw new Error('Not an HLS playlist: it does not start with #EXTM3U.');
  const variants: VariantStream[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (!line.startsWith(STREAM_INF)) continue;
    const attributes = parseAttributeList(line.slice(STREAM_INF.length));
    const bandwidth = integer(attributes.BANDWIDTH);
    // The URI is the next line that is neither blank nor a tag or comment.
    let next = index + 1;
    while (next < lines.length && (lines[next] === '' || lines[next]!.startsWith('#'))) next += 1;
    const uri = lines[next];
    if (bandwidth === undefined || uri === undefined) {
      throw new Error(`Malformed #EXT-X-STREAM-INF on line ${index + 1}: it needs BANDWIDTH and a URI line.`);
    }
    variants.push({
      uri,
      bandwidth,
      averageBandwidth: integer(attributes['AVERAGE-BANDWIDTH']),
      ...resolution(attributes.RESOLUTION),
      codecs: attributes.CODECS,
    });
    index = next;
  }
  return variants;
}
