/** Why a job ended in ERROR: MediaConvert's numeric errorCode and its errorMessage. */
export class JobFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'JobFailure';
  }
}

/** Error codes the local executor reports, from MediaConvert's published list. */
export const ERROR_CODES = {
  /** The input could not be opened or probed. */
  inputUnreadable: 1010,
  /** The input file does not exist or cannot be read from S3. */
  inputNotFound: 1020,
  /** "Unsupported Codec": the service does not take the input's codec or container. */
  unsupportedInput: 1030,
  /** Decoding or encoding failed. */
  transcodeFailed: 1040,
  /** Writing an output to S3 failed. */
  outputWriteFailed: 1401,
  /** The job was interrupted and could not be re-run. */
  internal: 1999,
} as const;
