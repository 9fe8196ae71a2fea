import type { CompiledCode } from './runtime';
import { evaluateHandler } from './runtime';
import type { DataSourceInvoker } from './data-sources/types';
import type { Manifest } from '../../common/manifest';
import type { Caller, ContextInput, EvaluationResult, ResolverError, ResolverInfo } from './types';

export interface FieldInvocation {
  arguments: Record<string, unknown>;
  source: Record<string, unknown> | null;
  caller: Caller;
  info: ResolverInfo;
  headers: Record<string, string>;
}

export interface FieldOutcome {
  value: unknown;
  /** util.error / a data source fault raised by a handler / a runtime fault: the field fails. */
  error?: ResolverError;
  appendedErrors: ResolverError[];
  subscriptionFilter?: unknown;
  invalidations: unknown[];
}

export interface ResolverExecutorOptions {
  manifest: Manifest;
  dataSources: Record<string, DataSourceInvoker>;
  loadCode: (codeFile: string) => CompiledCode;
  env?: Record<string, string>;
}

/** Collects what every handler evaluation of one field produced. */
class FieldRun {
  readonly appendedErrors: ResolverError[] = [];
  readonly invalidations: unknown[] = [];
  subscriptionFilter: unknown;
  stash: Record<string, unknown> = {};

  constructor(private readonly base: ContextInput) {}

  evaluate(code: CompiledCode, handler: 'request' | 'response', extra: Partial<ContextInput>): EvaluationResult {
    const result = evaluateHandler(code, handler, { ...this.base, ...extra, stash: this.stash });
    this.stash = result.stash;
    this.appendedErrors.push(...result.appendedErrors);
    this.invalidations.push(...result.invalidations);
    if (result.subscriptionFilter !== undefined) this.subscriptionFilter = result.subscriptionFilter;
    return result;
  }

  outcome(value: unknown, error?: ResolverError): FieldOutcome {
    return {
      value: error ? null : value,
      error,
      appendedErrors: this.appendedErrors,
      subscriptionFilter: this.subscriptionFilter,
      invalidations: this.invalidations,
    };
  }
}

function failure(result: EvaluationResult): ResolverError | undefined {
  if (result.error) return result.error;
  if (result.runtimeError) return { message: result.runtimeError.message, errorType: 'Code' };
  return undefined;
}

/** Runs unit and pipeline resolvers the way AppSync does, from the manifest and the built code. */
export class ResolverExecutor {
  constructor(private readonly options: ResolverExecutorOptions) {}

  hasResolver(typeName: string, fieldName: string): boolean {
    return `${typeName}.${fieldName}` in this.options.manifest.resolvers;
  }

  async resolve(typeName: string, fieldName: string, invocation: FieldInvocation): Promise<FieldOutcome> {
    const definition = this.options.manifest.resolvers[`${typeName}.${fieldName}`];
    if (!definition) throw new Error(`The manifest attaches no resolver to ${typeName}.${fieldName}.`);
    const run = new FieldRun({
      arguments: invocation.arguments,
      source: invocation.source,
      identity: invocation.caller.identity,
      authMode: invocation.caller.authMode,
      info: invocation.info,
      request: { headers: invocation.headers, domainName: null },
      env: this.options.env ?? {},
      prev: null,
      result: null,
      error: null,
    });
    const code = this.options.loadCode(definition.code);
    if (definition.kind === 'UNIT') {
      return this.runStep(run, code, definition.dataSource, null).then(({ value, error }) => run.outcome(value, error));
    }
    const before = run.evaluate(code, 'request', {});
    const beforeFailure = failure(before);
    if (beforeFailure) return run.outcome(null, beforeFailure);
    if (before.earlyReturn) return run.outcome(before.earlyReturn.data);
    let previous: unknown = before.result ?? null;
    for (const functionName of definition.functions) {
      const fn = this.options.manifest.functions[functionName];
      if (!fn)
        throw new Error(
          `The pipeline of ${typeName}.${fieldName} names ${functionName}, a function the manifest lacks.`,
        );
      const step = await this.runStep(run, this.options.loadCode(fn.code), fn.dataSource, previous);
      if (step.error) return run.outcome(null, step.error);
      previous = step.value;
    }
    const after = run.evaluate(code, 'response', { prev: { result: previous } });
    return run.outcome(after.result ?? null, failure(after));
  }

  /** request handler, data source, response handler: one unit resolver or one pipeline function. */
  private async runStep(
    run: FieldRun,
    code: CompiledCode,
    dataSourceName: string,
    previous: unknown,
  ): Promise<{ value: unknown; error?: ResolverError }> {
    const prev = { result: previous };
    const request = run.evaluate(code, 'request', { prev });
    const requestFailure = failure(request);
    if (requestFailure) return { value: null, error: requestFailure };
    if (request.earlyReturn) return { value: request.earlyReturn.data };
    const invoke = this.options.dataSources[dataSourceName];
    if (!invoke)
      throw new Error(`No data source is named ${dataSourceName}: the manifest and the local data sources disagree.`);
    const outcome = await invoke(request.result);
    const response = run.evaluate(code, 'response', {
      prev,
      result: outcome.result ?? null,
      error: outcome.error ?? null,
    });
    const responseFailure = failure(response);
    return responseFailure ? { value: null, error: responseFailure } : { value: response.result ?? null };
  }
}
