/** Why a signature was refused, in the words of the service that refused it. */
export class SignatureError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** S3 answers a refused signature with its own codes, an HTTP status and extra elements in its error document. */
export class S3SignatureError extends SignatureError {
  constructor(
    code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, string> = {},
  ) {
    super(message, code);
    this.name = code;
  }
}
