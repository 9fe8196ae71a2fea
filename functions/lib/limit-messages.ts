// The sentences a person reads when a limit (common/constants/pipeline-limits.ts) stops them: what
// they asked for, what the limit is, and when or how they can go on.

/** 6 h, 30 min, 1 h 5 min 3 s: the parts that are not zero. */
export function describeLength(seconds: number): string {
  const whole = Math.round(seconds);
  const parts: Array<[number, string]> = [
    [Math.floor(whole / 3600), 'h'],
    [Math.floor((whole % 3600) / 60), 'min'],
    [whole % 60, 's'],
  ];
  const shown = parts.filter(([value]) => value > 0).map(([value, unit]) => `${value} ${unit}`);
  return shown.length > 0 ? shown.join(' ') : '0 s';
}

function megapixels(pixels: number): string {
  return (pixels / 1_000_000).toFixed(1);
}

/** "1 video", "2 videos". */
function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

function outputMinutes(amount: number): string {
  return count(amount, 'output minute');
}

function framesPerSecond(rate: number): string {
  return Number.isInteger(rate) ? String(rate) : rate.toFixed(2);
}

export function sourceTooLong(seconds: number, maxSeconds: number): string {
  return `The video is ${describeLength(seconds)} long; the longest accepted is ${describeLength(maxSeconds)}.`;
}

export function frameRateTooHigh(rate: number, maxRate: number): string {
  return `The video has ${framesPerSecond(rate)} frames a second; the most accepted is ${framesPerSecond(maxRate)}.`;
}

export function frameTooLarge(width: number, height: number, maxPixels: number): string {
  return `The video is ${width}x${height}, ${megapixels(width * height)} megapixels a frame; the largest frame accepted is ${megapixels(maxPixels)} megapixels.`;
}

/** When a daily count starts again, said with the time left. */
function dailyReset(now: number, resetsAt: number): string {
  return `00:00 UTC, in ${describeLength(Math.max(60, Math.ceil((resetsAt - now) / 60_000) * 60))}`;
}

export function outputMinutesExceeded(options: {
  needed: number;
  renditions: number;
  used: number;
  limit: number;
  now: number;
  resetsAt: number;
}): string {
  const { needed, renditions, used, limit } = options;
  return `Converting this video takes ${outputMinutes(needed)} (its length times ${count(renditions, 'rendition')}); your daily allowance is ${outputMinutes(limit)}, and you have used ${used} today. The count starts again at ${dailyReset(options.now, options.resetsAt)}.`;
}

/** Refused at createUploadUrl: the caller already has this many videos PROCESSING. */
export function tooManyProcessing(processing: number, limit: number): string {
  return `You have ${count(processing, 'video')} processing, and at most ${limit} may process at once. Upload again when one has finished.`;
}

/** FAILED at process-upload: with this one, more than the limit were processing. */
export function tooManyProcessingForThisUpload(processing: number, limit: number): string {
  return `With this one you had ${count(processing, 'video')} processing, and at most ${limit} may process at once. Upload it again when one has finished.`;
}

export function tooManyTickets(limit: number, now: number, windowEndsAt: number): string {
  const seconds = Math.max(1, Math.ceil((windowEndsAt - now) / 1000));
  return `You asked for more than ${limit} upload links in a minute. Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
}
