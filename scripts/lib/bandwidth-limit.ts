import { CliError } from './cli-error';

// --bwlimit as rclone reads it: a number with an optional binary suffix (B, K, M, G, T; also Ki,
// KiB, ...), any case, decimals allowed. A bare number is KiB/s, rclone's default unit; 0 or "off"
// means no limit. rclone's "UP:DOWN" pair is taken too (this tool only uploads, so UP counts);
// its timetables ("08:00,512k 19:00,off") are not.

const MULTIPLIERS: Readonly<Record<string, number>> = {
  '': 1024,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
};

const EXAMPLES = 'e.g. 10M (10 MiB/s), 512K, 500B, or off';

function parseRate(text: string, whole: string): number | undefined {
  if (text.toLowerCase() === 'off') return undefined;
  const match = /^(\d+(?:\.\d*)?|\.\d+)(?:([kmgt])(?:ib?|b)?|(b))?$/i.exec(text);
  if (!match) throw new CliError(`--bwlimit ${whole}: not a rate (${EXAMPLES}).`, 2);
  const [, number = '', prefix, bytes] = match;
  const unit = (prefix ?? bytes ?? '').toLowerCase();
  if (Number(number) === 0) return undefined;
  const bytesPerSecond = Math.floor(Number(number) * (MULTIPLIERS[unit] ?? 0));
  if (bytesPerSecond < 1) throw new CliError(`--bwlimit ${whole}: less than a byte per second.`, 2);
  return bytesPerSecond;
}

/** Bytes per second, or undefined for no limit; a value that is not a rate is a CliError (exit 2). */
export function parseBandwidthLimit(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') throw new CliError(`--bwlimit needs a rate (${EXAMPLES}).`, 2);
  if (/[\s,;]/.test(trimmed))
    throw new CliError(`--bwlimit ${text}: timetables are not supported here; give one rate (${EXAMPLES}).`, 2);
  const [upload = '', download, ...more] = trimmed.split(':');
  if (more.length > 0 || download === '')
    throw new CliError(`--bwlimit ${text}: not a rate (${EXAMPLES}, or UP:DOWN).`, 2);
  if (download !== undefined) parseRate(download, text);
  return parseRate(upload, text);
}
