// Why an upload stopped, each as a sentence a person can act on. `retryable` tells the part queue
// whether sending the same request again may work.

export class UploadError extends Error {
  override name = 'UploadError';
  readonly retryable: boolean;

  constructor(message: string, options: { retryable?: boolean } = {}) {
    super(message);
    this.retryable = options.retryable ?? false;
  }
}

/** The request was aborted on purpose (pause or cancel): nothing to report. */
export class UploadCancelledError extends UploadError {
  override name = 'UploadCancelledError';

  constructor() {
    super('The upload was cancelled.');
  }
}

/** No answer came: the connection dropped or the host is unreachable. */
export class UploadInterruptedError extends UploadError {
  override name = 'UploadInterruptedError';

  constructor() {
    super('The upload was interrupted: check the connection and try again.', { retryable: true });
  }
}

/** S3 refused a part; `urlExpired` when its presigned URL is past its time and a new one may do. */
export class PartRefusedError extends UploadError {
  override name = 'PartRefusedError';
  readonly urlExpired: boolean;

  constructor(message: string, options: { retryable: boolean; urlExpired?: boolean }) {
    super(message, { retryable: options.retryable || options.urlExpired === true });
    this.urlExpired = options.urlExpired ?? false;
  }
}

/** The multipart upload is no more (completed, aborted, or expired after a day): only a new one can go on. */
export class UploadGoneError extends UploadError {
  override name = 'UploadGoneError';

  constructor() {
    super('The server no longer has this upload (it expired or was cancelled).');
  }
}

/** A part that failed every try: said with its number and the last reason. */
export class PartFailedError extends UploadError {
  override name = 'PartFailedError';

  constructor(partNumber: number, partCount: number, tries: number, cause: unknown) {
    const reason = cause instanceof Error ? ` ${cause.message}` : '';
    super(`Part ${partNumber} of ${partCount} failed ${tries} times.${reason}`);
  }
}

/** Whether a failed step may work if tried again: our own errors say; anything else (a fetch TypeError) may. */
export function isRetryable(error: unknown): boolean {
  return error instanceof UploadError ? error.retryable : true;
}
