import type { CompiledCode } from './runtime';
import { evaluateHandler, evaluateWithNoneDataSource } from './runtime';
import { invokeNoneDataSource } from './data-sources/none';
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
    return this.absorb(evaluateHandler(code, handler, { ...this.base, ...extra, stash: this.stash }));
  }

  /** A step on the NONE data source: its request and response handlers in one call to the sandbox. */
  evaluateWithNone(
    code: CompiledCode,
    extra: Partial<ContextInput>,
  ): { request: EvaluationResult; response?: EvaluationResult } {
    const { request, response } = evaluateWithNoneDataSource(code, { ...this.base, ...extra, stash: this.stash });
    this.absorb(request);
    return response ? { request, response: this.absorb(response) } : { request };
  }

  private absorb(result: EvaluationResult): EvaluationResult {
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
    // The NONE data source needs nothing of this thread: the sandbox thread runs the step whole.
    const { request, response } =
      this.options.dataSources[dataSourceName] === invokeNoneDataSource
        ? run.evaluateWithNone(code, { prev })
        : await this.stepThroughDataSource(run, code, dataSourceName, prev);
    const requestFailure = failure(request);
    if (requestFailure) return { value: null, error: requestFailure };
    if (request.earlyReturn) return { value: request.earlyReturn.data };
    if (!response) throw new Error('A request handler went on, yet no response handler ran after it.');
    const responseFailure = failure(response);
    return responseFailure ? { value: null, error: responseFailure } : { value: response.result ?? null };
  }

  /** The request handler, then, unless it failed or returned early, the data source and the response handler. */
  private async stepThroughDataSource(
    run: FieldRun,
    code: CompiledCode,
    dataSourceName: string,
    prev: { result: unknown },
  ): Promise<{ request: EvaluationResult; response?: EvaluationResult }> {
    const request = run.evaluate(code, 'request', { prev });
    if (failure(request) || request.earlyReturn) return { request };
    const invoke = this.options.dataSources[dataSourceName];
    if (!invoke)
      throw new Error(`No data source is named ${dataSourceName}: the manifest and the local data sources disagree.`);
    const outcome = await invoke(request.result);
    const response = run.evaluate(code, 'response', {
      prev,
      result: outcome.result ?? null,
      error: outcome.error ?? null,
    });
    return { request, response };
  }
}
