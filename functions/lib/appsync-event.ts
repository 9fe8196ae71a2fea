// The event our resolvers send to a Lambda data source (resolvers/lib/lambda.ts builds it).

export interface AppSyncLambdaEvent<TArgs = Record<string, unknown>> {
  arguments: TArgs;
  identity: { sub?: string; username?: string; claims?: Record<string, unknown> } | null;
  source: Record<string, unknown> | null;
  info: { parentTypeName: string; fieldName: string; variables: Record<string, unknown>; selectionSetList: string[] };
  request: { headers: Record<string, string> };
  prev: { result: unknown } | null;
  stash: Record<string, unknown>;
}

/** Key of the dispatch tables: the GraphQL field a resolver or pipeline function serves. */
export function fieldKey(event: AppSyncLambdaEvent): string {
  return `${event.info.parentTypeName}.${event.info.fieldName}`;
}
