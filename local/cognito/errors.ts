/** A Cognito service error: the SDK raises an exception named `type`. */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    /** IAM's denials spell the member "Message"; Cognito's own errors "message". */
    readonly messageKey: 'message' | 'Message' = 'message',
  ) {
    super(message);
    this.name = type;
  }
}
