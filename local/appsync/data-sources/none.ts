import type { DataSourceOutcome } from './types';

/** What the NONE data source makes of a request handler's result: its `payload`, or null. */
export function noneDataSourceResult(request: unknown): unknown {
  const payload = (request as { payload?: unknown } | null | undefined)?.payload;
  return payload === undefined ? null : payload;
}

/** NONE data source: the request's `payload` becomes the result (AppSync's local resolver). */
export async function invokeNoneDataSource(request: unknown): Promise<DataSourceOutcome> {
  return { result: noneDataSourceResult(request) };
}
