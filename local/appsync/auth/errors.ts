/** A request AppSync refuses before any resolver runs: HTTP 401 with errorType UnauthorizedException. */
export class RequestUnauthorizedError extends Error {
  readonly errorType = 'UnauthorizedException';
  constructor(message: string) {
    super(message);
    this.name = 'RequestUnauthorizedError';
  }
}
