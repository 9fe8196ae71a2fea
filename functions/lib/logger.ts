import { Logger } from '@aws-lambda-powertools/logger';

/**
 * A handler's logger (Powertools): one JSON line per entry, its service the function's name. The
 * level comes from POWERTOOLS_LOG_LEVEL (INFO when unset). Once the handler calls
 * addContext(context), every entry carries the request id and whether it is a cold start; the
 * batch loop adds each record's keys (messageId, videoId, jobId) and resets them after it.
 */
export function createLogger(functionName: string): Logger {
  return new Logger({ serviceName: functionName });
}
