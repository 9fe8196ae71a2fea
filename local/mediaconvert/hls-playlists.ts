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
export function computeBandwidth(segments: ReadonlyArray<MediaSegment & { bytes: number }>): { bandwidth: number; averageBandwidth: number; durationSeconds: number } {
  let bits = 0;
  let seconds = 0;
  let peak = 0;
  for (const segment of segments) {
    bits += segment.bytes * 8;
    seconds += segment.durationSeconds;
    // A short last segment is not a peak: rate over at least one second.
    peak = Math.max(peak, (segment.bytes * 8) / Math.max(segment.durationSeconds, 1));
  }
  return { bandwidth: Math.ceil(peak), averageBandwidth: seconds > 0 ? Math.ceil(bits / seconds) : 0, durationSeconds: seconds };
}

const H264_PROFILE_IDC: Record<string, string> = {
  'Constrained Baseline': '42E0',
  Baseline: '4200',
  Main: '4D40',
  High: '6400',
};

/** RFC 6381 codecs of a variant: avc1.PPCCLL (profile, constraints, level) and AAC-LC. */
export function buildCodecsString(video: { profile: string; level: number }, hasAudio: boolean): string {
  const profile = H264_PROFILE_IDC[video.profile] ?? '6400';
  const avc = `avc1.${profile}${video.level.toString(16).padStart(2, '0')}`.toLowerCase();
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
