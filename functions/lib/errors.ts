// Errors whose `name` AppSync passes to the resolver as ctx.error.type, and on to the client as
// errorType. Messages are for people.

export class ApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export class ValidationError extends ApiError {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

export class UnauthorizedError extends ApiError {
  constructor(message: string) {
    super(message);
    this.name = 'Unauthorized';
  }
}

/** A per-user limit (common/constants/pipeline-limits.ts) refuses the request for now; the message says until when. */
export class LimitExceededError extends ApiError {
  constructor(message: string) {
    super(message);
    this.name = 'LimitExceededError';
  }
}
