// util.time: ISO 8601 and Java DateTimeFormatter-style patterns (the common tokens) in UTC or an
// IANA time zone, as AppSync's util.time documents.

const TOKEN = /('[^']*'|yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|SSS|a|Z|XXX|XX|X)/g;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

function offsetMinutesAt(epochMs: number, timeZone: string | undefined): number {
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Z') return 0;
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(timeZone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const values = new Map(format.formatToParts(new Date(epochMs)).map((part) => [part.type, Number(part.value)]));
  const valueOf = (type: Intl.DateTimeFormatPartTypes): number => {
    const value = values.get(type);
    if (value === undefined) throw new Error(`Intl.DateTimeFormat gave no ${type} for the time zone ${timeZone}.`);
    return value;
  };
  const asUtc = Date.UTC(
    valueOf('year'),
    valueOf('month') - 1,
    valueOf('day'),
    valueOf('hour'),
    valueOf('minute'),
    valueOf('second'),
  );
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

function pad(value: number, width: number): string {
  return String(Math.abs(value)).padStart(width, '0');
}

function offsetText(minutes: number, colon: boolean): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60), 2)}${colon ? ':' : ''}${pad(Math.abs(minutes) % 60, 2)}`;
}

export function formatEpochMillis(epochMs: number, pattern: string, timeZone?: string): string {
  const offset = offsetMinutesAt(epochMs, timeZone);
  const d = new Date(epochMs + offset * 60000);
  const hour = d.getUTCHours();
  return pattern.replace(TOKEN, (token) => {
    switch (token) {
      case 'yyyy':
        return pad(d.getUTCFullYear(), 4);
      case 'yy':
        return pad(d.getUTCFullYear() % 100, 2);
      case 'MM':
        return pad(d.getUTCMonth() + 1, 2);
      case 'M':
        return String(d.getUTCMonth() + 1);
      case 'dd':
        return pad(d.getUTCDate(), 2);
      case 'd':
        return String(d.getUTCDate());
      case 'HH':
        return pad(hour, 2);
      case 'H':
        return String(hour);
      case 'hh':
        return pad(hour % 12 === 0 ? 12 : hour % 12, 2);
      case 'h':
        return String(hour % 12 === 0 ? 12 : hour % 12);
      case 'mm':
        return pad(d.getUTCMinutes(), 2);
      case 'm':
        return String(d.getUTCMinutes());
      case 'ss':
        return pad(d.getUTCSeconds(), 2);
      case 's':
        return String(d.getUTCSeconds());
      case 'SSS':
        return pad(d.getUTCMilliseconds(), 3);
      case 'a':
        return hour < 12 ? 'AM' : 'PM';
      case 'Z':
        return offset === 0 ? '+0000' : offsetText(offset, false);
      case 'XXX':
        return offsetText(offset, true);
      case 'XX':
      case 'X':
        return offsetText(offset, false);
      default:
        return token.slice(1, -1);
    }
  });
}

export function parseFormatted(text: string, pattern: string, timeZone?: string): number {
  const parts: Parts = {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
    offsetMinutes: NaN,
  };
  let pm: boolean | undefined;
  let regex = '';
  const setters: Array<(value: string) => void> = [];
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    regex += escapeRegex(pattern.slice(last, match.index));
    last = (match.index ?? 0) + match[0].length;
    const token = match[0];
    const numeric = (key: keyof Parts, digits: string) => {
      regex += `(${digits})`;
      setters.push((value) => (parts[key] = Number(value)));
    };
    if (token.startsWith("'")) regex += escapeRegex(token.slice(1, -1));
    else if (token === 'yyyy') numeric('year', '\\d{4}');
    else if (token === 'yy') {
      regex += '(\\d{2})';
      setters.push((value) => (parts.year = 2000 + Number(value)));
    } else if (token === 'MM' || token === 'M') numeric('month', '\\d{1,2}');
    else if (token === 'dd' || token === 'd') numeric('day', '\\d{1,2}');
    else if (token === 'HH' || token === 'H' || token === 'hh' || token === 'h') numeric('hour', '\\d{1,2}');
    else if (token === 'mm' || token === 'm') numeric('minute', '\\d{1,2}');
    else if (token === 'ss' || token === 's') numeric('second', '\\d{1,2}');
    else if (token === 'SSS') numeric('millisecond', '\\d{3}');
    else if (token === 'a') {
      regex += '(AM|PM|am|pm)';
      setters.push((value) => (pm = value.toUpperCase() === 'PM'));
    } else {
      regex += '(Z|[+-]\\d{2}:?\\d{2})';
      setters.push((value) => (parts.offsetMinutes = value === 'Z' ? 0 : offsetMinutesAt(0, value)));
    }
  }
  regex += escapeRegex(pattern.slice(last));
  const found = new RegExp(`^${regex}$`).exec(text);
  if (!found) throw new Error(`Text '${text}' could not be parsed with pattern '${pattern}'`);
  // Each token added one capture group and, in the same order, its setter.
  found.slice(1).forEach((value, index) => setters[index]!(value));
  if (pm !== undefined) parts.hour = (parts.hour % 12) + (pm ? 12 : 0);
  const local = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
    parts.millisecond,
  );
  const offset = Number.isNaN(parts.offsetMinutes) ? offsetMinutesAt(local, timeZone) : parts.offsetMinutes;
  return local - offset * 60000;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createTimeUtils() {
  return {
    nowISO8601: () => new Date().toISOString(),
    nowEpochSeconds: () => Math.floor(Date.now() / 1000),
    nowEpochMilliSeconds: () => Date.now(),
    nowFormatted: (pattern: string, timeZone?: string) => formatEpochMillis(Date.now(), pattern, timeZone),
    parseFormattedToEpochMilliSeconds: (text: string, pattern: string, timeZone?: string) =>
      parseFormatted(text, pattern, timeZone),
    parseISO8601ToEpochMilliSeconds: (text: string) => {
      const value = Date.parse(text);
      if (Number.isNaN(value)) throw new Error(`Text '${text}' is not an ISO 8601 date-time`);
      return value;
    },
    epochMilliSecondsToSeconds: (epochMs: number) => Math.floor(epochMs / 1000),
    epochMilliSecondsToISO8601: (epochMs: number) => new Date(epochMs).toISOString(),
    epochMilliSecondsToFormatted: (epochMs: number, pattern: string, timeZone?: string) =>
      formatEpochMillis(epochMs, pattern, timeZone),
  };
}
