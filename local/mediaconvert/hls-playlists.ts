// HLS playlists the way MediaConvert leaves them. ffmpeg writes the variants; the master is ours,
// because ffmpeg's BANDWIDTH is a guess from the nominal rate (1.1x, wrong by ~2x for capped CRF
// rungs) and the ffmpeg 4.1 in @ffmpeg-installer crashes on -master_pl_name. Pure text in and out.

export interface MediaSegment {
  uri: string;
  durationSeconds: number;
}

export interface VariantStream {
  uri: string;
  width: number;
  height: number;
  /** Peak segment bit rate, bits/s (what BANDWIDTH means in RFC 8216). */
  bandwidth: number;
  averageBandwidth: number;
  codecs: string;
  frameRate: number;
}

export function parseMediaPlaylist(text: string): MediaSegment[] {
  const segments: MediaSegment[] = [];
  let duration: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice('#EXTINF:'.length));
    else if (line !== '' && !line.startsWith('#') && duration !== null) {
      segments.push({ uri: line, durationSeconds: duration });
      duration = null;
    }
  }
  return segments;
}

/** BANDWIDTH and AVERAGE-BANDWIDTH from the segments as produced (sizes in bytes). */
export function computeBandwidth(segments: ReadonlyArray<MediaSegment & { bytes: number }>): {
  bandwidth: number;
  averageBandwidth: number;
  durationSeconds: number;
} {
  let bits = 0;
  let seconds = 0;
  let peak = 0;
  for (const segment of segments) {
    bits += segment.bytes * 8;
    seconds += segment.durationSeconds;
    // A short last segment is not a peak: rate over at least one second.
    peak = Math.max(peak, (segment.bytes * 8) / Math.max(segment.durationSeconds, 1));
  }
  return {
    bandwidth: Math.ceil(peak),
    averageBandwidth: seconds > 0 ? Math.ceil(bits / seconds) : 0,
    durationSeconds: seconds,
  };
}

/**
 * avc1.PPCCLL straight from the first H.264 sequence parameter set in a segment: profile_idc, the
 * constraint flags byte and level_idc follow the SPS NAL header. Reading the bytes avoids another
 * process (and the npm-shipped ffprobe, which crashes on MPEG-TS). Null when there is no SPS.
 */
export function readAvcCodec(segment: Buffer): string | null {
  for (let index = 0; index + 6 < segment.length; index += 1) {
    if (
      segment[index] === 0 &&
      segment[index + 1] === 0 &&
      segment[index + 2] === 1 &&
      (segment[index + 3]! & 0x1f) === 7
    ) {
      return `avc1.${segment.subarray(index + 4, index + 7).toString('hex')}`;
    }
  }
  return null;
}

/** RFC 6381 codecs of a variant: the video's avc1 string and AAC-LC when there is sound. */
export function buildCodecsString(avc: string, hasAudio: boolean): string {
  return hasAudio ? `${avc},mp4a.40.2` : avc;
}

export function buildMasterPlaylist(variants: readonly VariantStream[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const variant of variants) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${variant.bandwidth},AVERAGE-BANDWIDTH=${variant.averageBandwidth},CODECS="${variant.codecs}",RESOLUTION=${variant.width}x${variant.height},FRAME-RATE=${variant.frameRate.toFixed(3)}`,
      variant.uri,
    );
  }
  return `${lines.join('\n')}\n`;
}
