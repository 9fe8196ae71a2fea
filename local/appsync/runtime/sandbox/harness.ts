// Runs inside the vm context, never in the host realm. Everything that crosses the boundary is a
// string, so resolver code can reach no host object (and through it, no host Function).
import { createDynamoDbModule } from './dynamodb-module';
import { createExtensions, createRuntime, createUtil, EarlyReturn, ResolverThrow } from './util';
import type { EvaluationState } from './util';

type Factory = (
  exports: Record<string, unknown>,
  require: (name: string) => unknown,
  module: { exports: Record<string, unknown> },
) => void;

interface Pending {
  id: string;
  handler: string;
  context: Record<string, unknown>;
}

const factories: Record<string, Factory> = {};
/** The realm's globals as they were before any resolver ran; restored after each evaluation. */
let baselineGlobals: Map<PropertyKey, unknown> | undefined;
/**
 * Whether the globals are as the last evaluation's restore left them. Reading a vm context's
 * globals goes through its interceptors (about 20 us a pass), so an evaluation restores first only
 * when something may have run since: nothing but the code's registration can.
 */
let globalsRestored = false;

function restoreGlobals(): void {
  const scope = globalThis as unknown as Record<PropertyKey, unknown>;
  baselineGlobals ??= new Map(Reflect.ownKeys(globalThis).map((key) => [key, scope[key as string]]));
  for (const key of Reflect.ownKeys(globalThis)) {
    if (!baselineGlobals.has(key)) Reflect.deleteProperty(globalThis, key);
  }
  for (const [key, value] of baselineGlobals) {
    if (!Object.is(scope[key as string], value))
      Object.defineProperty(globalThis, key, { value, writable: true, configurable: true });
  }
}
/** The realm's own JSON.stringify, taken before any code ran (code may replace the global `JSON`). */
const serialize = JSON.stringify;
let pending = '';
/** The log of the evaluation under way: console is defined once, before the realm is frozen. */
let currentLogs: string[] = [];

function format(values: unknown[]): string {
  return values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(' ');
}

function evaluate(): string {
  if (!globalsRestored) restoreGlobals();
  globalsRestored = false;
  const { id, handler, context } = JSON.parse(pending) as Pending;
  const info = (context.info ?? {}) as { fieldName?: string; parentTypeName?: string };
  const state: EvaluationState = {
    authMode: context.authMode as string | undefined,
    fieldName: info.fieldName ?? '',
    parentTypeName: info.parentTypeName ?? '',
    appended: [],
    logs: [],
    invalidations: [],
  };
  const util = createUtil(state);
  const modules: Record<string, unknown> = {
    '@aws-appsync/utils': { util, runtime: createRuntime(), extensions: createExtensions(state) },
    '@aws-appsync/utils/dynamodb': createDynamoDbModule(),
  };
  const args = (context.arguments ?? {}) as Record<string, unknown>;
  const ctx = {
    arguments: args,
    args,
    identity: context.identity ?? null,
    source: context.source ?? null,
    stash: (context.stash ?? {}) as Record<string, unknown>,
    prev: context.prev ?? null,
    result: context.result === undefined ? null : context.result,
    error: context.error ?? undefined,
    info: { fieldName: '', parentTypeName: '', variables: {}, selectionSetList: [], selectionSetGraphQL: '', ...info },
    request: { headers: {}, domainName: null, ...(context.request ?? {}) },
    env: context.env ?? {},
  };
  const outcome: Record<string, unknown> = {
    appendedErrors: state.appended,
    logs: state.logs,
    invalidations: state.invalidations,
  };
  currentLogs = state.logs;
  try {
    const factory = factories[id];
    if (!factory) throw new Error(`No resolver code is registered as '${id}': the host prepares only registered code.`);
    const module = { exports: {} as Record<string, unknown> };
    factory(
      module.exports,
      (name) => {
        if (!(name in modules)) throw new Error(`Cannot find module '${name}'`);
        return modules[name];
      },
      module,
    );
    const fn = module.exports[handler];
    if (typeof fn !== 'function') {
      outcome.runtimeError = { message: `The code has no exported function '${handler}'.` };
    } else {
      const result = (fn as (c: unknown) => unknown)(ctx);
      if (result !== undefined) outcome.result = result;
    }
  } catch (thrown) {
    if (thrown instanceof ResolverThrow) {
      outcome.error = {
        message: thrown.message,
        errorType: thrown.errorType,
        data: thrown.data,
        errorInfo: thrown.errorInfo,
      };
    } else if (thrown instanceof EarlyReturn) {
      outcome.earlyReturn = { data: thrown.data };
    } else {
      const message =
        thrown && typeof thrown === 'object' && 'message' in thrown
          ? String((thrown as Error).message)
          : String(thrown);
      outcome.runtimeError = { message };
    }
  }
  outcome.stash = ctx.stash;
  if (state.subscriptionFilter !== undefined) outcome.subscriptionFilter = state.subscriptionFilter;
  if (state.subscriptionInvalidationFilter !== undefined)
    outcome.subscriptionInvalidationFilter = state.subscriptionInvalidationFilter;
  // Reading the stash and serializing may run the code's own getters and toJSON: the globals are
  // put back after them, and the serializer is the one taken before any code ran.
  const text = serialize(outcome);
  restoreGlobals();
  globalsRestored = true;
  return text;
}

const harness = {
  register(id: string, factory: Factory): void {
    // Registering ran the code's own script in the realm.
    globalsRestored = false;
    factories[id] = factory;
  },
  prepare(json: string): void {
    pending = String(json);
  },
  evaluate,
};

const log =
  (level: string) =>
  (...values: unknown[]) => {
    currentLogs.push(`${level} ${format(values)}`);
  };
Object.defineProperty(globalThis, 'console', {
  value: Object.freeze({
    log: log('INFO'),
    info: log('INFO'),
    debug: log('DEBUG'),
    warn: log('WARN'),
    error: log('ERROR'),
  }),
  writable: false,
  configurable: false,
});
Object.defineProperty(globalThis, '__harness', { value: Object.freeze(harness), writable: false, configurable: false });
