// Progress lines for terminal tools: bars and whole lines (sizes, rates and durations read as the
// web client says them, common/format.ts) plus one small renderer that redraws a line on a TTY and
// prints a line every few seconds anywhere else (CI logs).
import { formatBytes, formatDuration, formatRate } from '../../common/format';
import { computeRemainingSeconds } from '../../common/progress-rate';

/** `[=========>          ]` for a fraction 0..1 (clamped), `width` characters inside the brackets. */
export function renderBar(fraction: number, width = 24): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.floor(clamped * width);
  if (filled >= width) return `[${'='.repeat(width)}]`;
  return `[${'='.repeat(filled)}>${' '.repeat(width - filled - 1)}]`;
}

export function formatPercent(fraction: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return `${Math.floor(clamped * 100)}%`.padStart(4);
}

export interface TransferLineOptions {
  done: number;
  total: number;
  /** Bytes per second now. */
  rate: number | undefined;
  barWidth?: number;
}

/** `upload [=====>   ]  42%  42.0 MB / 100.0 MB  12.5 MB/s  0:04 left` */
export function formatTransferLine(label: string, options: TransferLineOptions): string {
  const fraction = options.total > 0 ? options.done / options.total : 1;
  const remaining = computeRemainingSeconds(options.done, options.total, options.rate);
  return [
    label,
    renderBar(fraction, options.barWidth),
    formatPercent(fraction),
    ` ${formatBytes(options.done)} / ${formatBytes(options.total)}`,
    ` ${formatRate(options.rate)}`,
    ` ${formatDuration(remaining)} left`,
  ].join(' ');
}

export interface TaskLineOptions {
  /** 0-100. */
  percent: number;
  elapsedSeconds: number;
  /** Percent points per second now, for the time left. */
  rate: number | undefined;
  detail?: string;
  barWidth?: number;
}

/** `transcode [=====>   ]  42%  0:12 elapsed  0:16 left  (PROCESSING)` */
export function formatTaskLine(label: string, options: TaskLineOptions): string {
  const remaining = computeRemainingSeconds(options.percent, 100, options.rate);
  return [
    label,
    renderBar(options.percent / 100, options.barWidth),
    formatPercent(options.percent / 100),
    ` ${formatDuration(options.elapsedSeconds)} elapsed`,
    ` ${formatDuration(remaining)} left`,
    ...(options.detail ? [` (${options.detail})`] : []),
  ].join(' ');
}

export interface LineWriter {
  write(text: string): unknown;
}

export interface ProgressRendererOptions {
  stream: LineWriter;
  /** Redraw one line in place (a terminal) or print whole lines now and then (a log). */
  interactive: boolean;
  /** Least time between printed lines when not interactive. */
  logIntervalMs?: number;
  /** Least time between redraws when interactive. */
  redrawIntervalMs?: number;
  now?: () => number;
}

/** One progress line at a time: redrawn in place on a terminal, throttled whole lines elsewhere. */
export class ProgressRenderer {
  private lastPrintMs = -Infinity;
  private lastLine = '';
  private drawn = false;
  private readonly now: () => number;

  constructor(private readonly options: ProgressRendererOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Shows `line` if enough time has passed since the last one (always when `force`). */
  update(line: string, force = false): void {
    const now = this.now();
    const interval = this.options.interactive
      ? (this.options.redrawIntervalMs ?? 100)
      : (this.options.logIntervalMs ?? 5000);
    if (!force && now - this.lastPrintMs < interval) return;
    if (!this.options.interactive && line === this.lastLine) return;
    this.lastPrintMs = now;
    this.lastLine = line;
    if (this.options.interactive) {
      this.options.stream.write(`\r${line}\x1b[K`);
      this.drawn = true;
    } else {
      this.options.stream.write(`${line}\n`);
    }
  }

  /** Ends the bar: prints `line` (if given) as the bar's last state and moves to a new line. */
  finish(line?: string): void {
    if (line !== undefined) this.update(line, true);
    this.clearLine();
  }

  /** Leaves the current line so that other output does not land on the bar. */
  clearLine(): void {
    if (this.options.interactive && this.drawn) this.options.stream.write('\n');
    this.drawn = false;
    this.lastLine = '';
    this.lastPrintMs = -Infinity;
  }
}
