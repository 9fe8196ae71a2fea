// How numbers and dates read on screen: one place, so every page says them the same way. Sizes,
// rates and durations are common/format.ts's, so the terminal and the browser agree.
export { formatBitrate, formatBytes, formatDuration, formatRate } from '../../common/format';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago", "yesterday", "just now". */
export function formatAge(iso: string, now: Date = new Date()): string {
  const seconds = (now.getTime() - new Date(iso).getTime()) / 1000;
  if (seconds < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return format.format(-Math.floor(seconds / size), unit);
  }
  return format.format(-1, 'minute');
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * "December 3, 2025", in the viewer's time zone: what toLocaleDateString('en', { year: 'numeric',
 * month: 'long', day: 'numeric' }) says, without Intl, whose first use holds a cold page's main
 * thread for tens of milliseconds (the watch page shows this date in the render that starts its
 * player).
 */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return `${MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}`;
}
