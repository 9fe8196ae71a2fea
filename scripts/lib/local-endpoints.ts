import { existsSync } from 'node:fs';
import path from 'node:path';
import { ENDPOINTS_FILE, readEndpoints } from '../../local/endpoints';
import type { Endpoints } from '../../local/endpoints';
import { CliError, isUnreachable } from './cli-error';

const START_HINT = 'run `npm start` first (or pass --data-dir with the data dir it uses)';

/** The running local cloud's endpoints, after checking that it answers. */
export async function connectLocalCloud(dataDir: string, timeoutMs = 3000): Promise<Endpoints> {
  const file = path.join(dataDir, ENDPOINTS_FILE);
  if (!existsSync(file)) throw new CliError(`No local cloud found (${file} does not exist): ${START_HINT}.`);
  let endpoints: Endpoints;
  try {
    endpoints = readEndpoints(dataDir);
  } catch {
    throw new CliError(`${file} cannot be read as JSON: ${START_HINT}.`);
  }
  try {
    // Any HTTP answer will do: it proves the API is listening.
    await fetch(endpoints.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': endpoints.apiKey },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (isUnreachable(error) || error instanceof TypeError)
      throw new CliError(`The local cloud does not answer at ${endpoints.graphqlUrl}: ${START_HINT}.`);
    throw error;
  }
  return endpoints;
}
