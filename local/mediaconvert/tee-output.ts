// ffmpeg's tee muxer: the streams of one ffmpeg output, each encoded once, written by several
// muxers that each select the streams they carry. That is how every HLS rung gets the same audio
// stream without encoding it once per rung. Pure: the muxers in, the tee's file name out.

/** The tee muxer's MAX_SLAVES: a job with more HLS outputs gets more than one tee. */
export const TEE_MAX_MUXERS = 16;

export interface TeeMuxer {
  /** Stream specifiers of the tee's output, e.g. ["v:0", "a:0"]. */
  streams: string[];
  format: string;
  /** The muxer's own options, e.g. ["hls_time", "6"]. */
  options: Array<[name: string, value: string]>;
  file: string;
}

/** A value as av_get_token reads it back whole: single-quoted (a quote inside as '\'') unless plain. */
function quoted(value: string): string {
  return /^[\w.,/%+-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** One muxer's part of the list: the tee splits the list on "|" with av_get_token, then its options on ":". */
function escapedForList(spec: string): string {
  return spec.replace(/[\\'|\s]/g, (character) => `\\${character}`);
}

/** The tee's "file name": "[select=...:f=...:option=...]file|[...]file". */
export function teeFileName(muxers: readonly TeeMuxer[]): string {
  return muxers
    .map((muxer) => {
      const options: Array<[string, string]> = [
        ['select', muxer.streams.join(',')],
        ['f', muxer.format],
        ...muxer.options,
      ];
      return escapedForList(`[${options.map(([name, value]) => `${name}=${quoted(value)}`).join(':')}]${muxer.file}`);
    })
    .join('|');
}
