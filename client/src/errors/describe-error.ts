import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';

export interface ErrorDescription {
  /** A sentence for a person: never JSON, never a stack. */
  message: string;
  /** The API refused the caller's credentials: a signed-in user's session is over. */
  sessionRejected: boolean;
}

interface AppSyncError {
  errorType?: string;
  message?: string;
}

const UNAUTHORIZED_TYPES = new Set(['UnauthorizedException', 'Unauthorized']);

/** Why the caller may not do it, said about the credentials: AppSync's own text is terse. */
function credentialMessage(raw: string | undefined): string {
  if (raw && /expired/i.test(raw)) return 'Your session has expired; sign in again.';
  return 'You are not signed in, or not allowed to do that.';
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return 'Something went wrong; try again.';
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function fromAppSyncErrors(errors: ReadonlyArray<AppSyncError>): ErrorDescription {
  const unauthorized = errors.find((error) => UNAUTHORIZED_TYPES.has(error.errorType ?? ''));
  if (unauthorized) return { message: credentialMessage(unauthorized.message), sessionRejected: true };
  // Our resolvers write messages for people (ValidationError, NotFound, ConflictError...).
  const messages = [...new Set(errors.map((error) => sentence(error.message ?? '')))];
  return { message: messages.join(' '), sessionRejected: false };
}

function parseErrors(bodyText: string): AppSyncError[] | undefined {
  try {
    const body = JSON.parse(bodyText) as { errors?: AppSyncError[] };
    return Array.isArray(body.errors) ? body.errors : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the API answered with an error of this AppSync errorType (NotFound, ValidationError...). */
export function hasErrorType(error: unknown, errorType: string): boolean {
  if (CombinedGraphQLErrors.is(error))
    return error.errors.some((item) => (item as AppSyncError).errorType === errorType);
  return ServerError.is(error) && (parseErrors(error.bodyText) ?? []).some((item) => item.errorType === errorType);
}

/** Turns whatever Apollo, fetch or the upload threw into a sentence and a verdict on the session. */
export function describeError(error: unknown): ErrorDescription {
  if (CombinedGraphQLErrors.is(error)) return fromAppSyncErrors(error.errors);
  if (ServerError.is(error)) {
    const errors = parseErrors(error.bodyText);
    if (errors && errors.length > 0) return fromAppSyncErrors(errors);
    if (error.statusCode === 401 || error.statusCode === 403)
      return { message: credentialMessage(undefined), sessionRejected: true };
    if (error.statusCode >= 500)
      return { message: 'The service had a problem; try again in a moment.', sessionRejected: false };
    return { message: `The request was refused (HTTP ${error.statusCode}).`, sessionRejected: false };
  }
  if (ServerParseError.is(error))
    return { message: 'The service sent an answer the app could not read; try again.', sessionRejected: false };
  if (error instanceof TypeError)
    return { message: 'The service could not be reached: check your connection.', sessionRejected: false };
  if (error instanceof Error) return { message: sentence(error.message), sessionRejected: false };
  return { message: 'Something went wrong; try again.', sessionRejected: false };
}
