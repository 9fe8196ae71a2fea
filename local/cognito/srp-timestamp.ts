// PASSWORD_VERIFIER's TIMESTAMP: Java's "EEE MMM d HH:mm:ss z yyyy" in English, in UTC. Cognito
// parses it leniently and signs its own rendering of the parsed time, so "Sep 05" or a wrong
// weekday parse but no longer match the signature: the same is done here.

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const PATTERN = new RegExp(
  `^(${WEEKDAYS.join('|')}) (${MONTHS.join('|')}) (\\d{1,2}) (\\d{1,2}):(\\d{1,2}):(\\d{1,2}) (UTC|GMT) (\\d{4})$`,
);

export const TIMESTAMP_FORMAT_MESSAGE = 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.';

export function parseSrpTimestamp(text: string): Date | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [, , month, day, hours, minutes, seconds, , year] = match;
  // PATTERN captures the month from MONTHS: the group is always there.
  return new Date(
    Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(hours), Number(minutes), Number(seconds)),
  );
}

const two = (value: number) => String(value).padStart(2, '0');

/** "Tue Sep 5 08:03:09 UTC 2026": what Amplify and amazon-cognito-identity-js send. */
export function formatSrpTimestamp(date: Date): string {
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}
