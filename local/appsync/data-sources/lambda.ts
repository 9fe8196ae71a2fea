import type { DataSourceOutcome } from './types';

export type LambdaHandler = (event: unknown) => Promise<unknown>;

/**
 * AWS_LAMBDA data source: `{operation: 'Invoke', payload}` calls the handler with the payload.
 * A thrown error reaches the response handler as ctx.error with the Lambda's errorType (the error's
 * name), as AppSync reports function errors.
 */
export function createLambdaDataSource(getHandler: () => Promise<LambdaHandler>) {
  return async (request: unknown): Promise<DataSourceOutcome> => {
    const invoke = request as { operation?: string; payload?: unknown } | null;
    if (!invoke || (invoke.operation !== 'Invoke' && invoke.operation !== 'BatchInvoke')) {
      return {
        error: {
          type: 'MappingTemplate',
          message: `Unsupported operation '${invoke?.operation}': use Invoke or BatchInvoke.`,
        },
      };
    }
    try {
      const handler = await getHandler();
      const result = await handler(invoke.payload ?? null);
      return { result: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
    } catch (error) {
      const fault = error as { name?: string; message?: string };
      return { error: { type: fault.name || 'Lambda:Unhandled', message: fault.message || 'The function failed.' } };
    }
  };
}
