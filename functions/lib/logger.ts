// One JSON line per log entry, with per-record keys (videoId, jobId) added and reset by the batch
// loop (Powertools' logger habit, without the dependency).

export const LOG_LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;

export interface LoggerOptions {
  service: string;
  level?: LogLevel;
  write?: (line: string) => void;
}

export class Logger {
  private keys: Record<string, unknown> = {};
  private readonly threshold: number;
  private readonly write: (line: string) => void;

  constructor(private readonly options: LoggerOptions) {
    this.threshold = LOG_LEVELS[options.level ?? 'INFO'];
    this.write = options.write ?? ((line) => console.log(line));
  }

  appendKeys(keys: Record<string, unknown>): void {
    this.keys = { ...this.keys, ...keys };
  }

  resetKeys(): void {
    this.keys = {};
  }

  debug(message: string, extra?: Record<string, unknown>): void {
    this.log('DEBUG', message, extra);
  }

  info(message: string, extra?: Record<string, unknown>): void {
    this.log('INFO', message, extra);
  }

  warn(message: string, extra?: Record<string, unknown>): void {
    this.log('WARN', message, extra);
  }

  error(message: string, extra?: Record<string, unknown>): void {
    this.log('ERROR', message, extra);
  }

  private log(level: Exclude<LogLevel, 'SILENT'>, message: string, extra?: Record<string, unknown>): void {
    if (LOG_LEVELS[level] < this.threshold) return;
    const entry = {
      level,
      message,
      service: this.options.service,
      timestamp: new Date().toISOString(),
      ...this.keys,
      ...extra,
    };
    this.write(JSON.stringify(entry, errorReplacer));
  }
}

/** Errors have no enumerable fields: log their name and message. */
function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}

export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(LOG_LEVELS, value);
}
