import type { DataSourceOutcome } from './types';

/** NONE data source: the request's `payload` becomes the result (AppSync's local resolver). */
export async function invokeNoneDataSource(request: unknown): Promise<DataSourceOutcome> {
  const payload = (request as { payload?: unknown } | null | undefined)?.payload;
  return { result: payload === undefined ? null : payload };
}
