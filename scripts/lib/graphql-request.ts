import { CliError, isUnreachable } from './cli-error';

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message?: string; errorType?: string | null }>;
}

export class GraphQLRequestError extends CliError {
  constructor(
    message: string,
    readonly errorType: string | undefined,
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

/** One GraphQL call as a signed-in user (Cognito ID token); a GraphQL error becomes its message. */
export async function graphqlRequest<T>(
  url: string,
  idToken: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: idToken },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    if (isUnreachable(error) || error instanceof TypeError)
      throw new CliError(`The API at ${url} stopped answering; is the local cloud (npm start) still running?`);
    throw error;
  }
  let json: GraphQLResponse<T>;
  try {
    json = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new CliError(`The API at ${url} answered HTTP ${response.status} with a body that is not JSON.`);
  }
  const first = json.errors?.[0];
  if (first)
    throw new GraphQLRequestError(
      first.message ?? `The API refused the request (${first.errorType ?? 'unknown error'}).`,
      first.errorType ?? undefined,
    );
  if (!json.data) throw new CliError(`The API answered HTTP ${response.status} without data.`);
  return json.data;
}
