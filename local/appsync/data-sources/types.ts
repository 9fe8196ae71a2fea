/** What a data source gave back, as AppSync hands it to the response handler (ctx.result / ctx.error). */
export interface DataSourceOutcome {
  result?: unknown;
  error?: { message: string; type: string };
}

/** Executes the request object a resolver's `request` handler returned. Never throws for data source faults. */
export type DataSourceInvoker = (request: unknown) => Promise<DataSourceOutcome>;
