import { compileResolverCode, evaluateHandler, evaluateWithNoneDataSource } from '../../../../../local/appsync/runtime';
import { noneDataSourceResult } from '../../../../../local/appsync/data-sources/none';
import type { ContextInput, EvaluationResult } from '../../../../../local/appsync/types';

const header = 'import { util, runtime, extensions } from "@aws-appsync/utils";\n';

function compile(body: string) {
  return compileResolverCode(`${header}${body}`, 'none-step.js');
}

/** The same step as the resolver executor runs it one handler at a time, for comparison. */
function stepOneHandlerAtATime(
  code: ReturnType<typeof compile>,
  context: ContextInput,
): { request: EvaluationResult; response?: EvaluationResult } {
  const request = evaluateHandler(code, 'request', context);
  if (request.error || request.runtimeError || request.earlyReturn) return { request };
  const response = evaluateHandler(code, 'response', {
    ...context,
    result: noneDataSourceResult(request.result),
    error: null,
    stash: request.stash,
  });
  return { request, response };
}

describe('a NONE data source step in one call to the sandbox thread', () => {
  test('the payload becomes ctx.result, the stash carries over, and both handlers report, as one at a time', () => {
    const code = compile(`
      export function request(ctx) {
        ctx.stash.seen = ctx.args.n;
        util.appendError('from request');
        return { payload: { n: ctx.args.n + 1 } };
      }
      export function response(ctx) {
        util.appendError('from response');
        extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ n: { eq: ctx.result.n } }));
        return { got: ctx.result, stash: ctx.stash, prev: ctx.prev, error: ctx.error ?? null };
      }`);
    const context: ContextInput = { arguments: { n: 1 }, prev: { result: 'before' }, stash: { kept: true } };
    const together = evaluateWithNoneDataSource(code, context);
    expect(together.response?.result).toEqual({
      got: { n: 2 },
      stash: { kept: true, seen: 1 },
      prev: { result: 'before' },
      error: null,
    });
    expect(together.request.appendedErrors.map((e) => e.message)).toEqual(['from request']);
    expect(together.response?.appendedErrors.map((e) => e.message)).toEqual(['from response']);
    expect(together.response?.subscriptionFilter).toBeDefined();
    expect(together).toEqual(stepOneHandlerAtATime(code, context));
  });

  test('a request without a payload gives ctx.result null', () => {
    const code = compile(`
      export function request() { return {}; }
      export function response(ctx) { return [ctx.result]; }`);
    expect(evaluateWithNoneDataSource(code, {}).response?.result).toEqual([null]);
  });

  test('no response handler runs after a request handler that failed, threw or returned early', () => {
    for (const request of [
      'util.error("no", "Refused")',
      'throw new Error("broken")',
      'runtime.earlyReturn({ early: true })',
    ]) {
      const code = compile(`
        export function request() { ${request}; }
        export function response() { throw new Error("the response handler ran"); }`);
      const together = evaluateWithNoneDataSource(code, {});
      expect(together.response).toBeUndefined();
      expect(together).toEqual(stepOneHandlerAtATime(code, {}));
    }
  });

  test('each handler has its own time limit: a response handler that never ends is stopped, the request kept', () => {
    const code = compile(`
      export function request(ctx) { return { payload: ctx.args.n }; }
      export function response() { let i = 0; while (true) { i += 1; } }`);
    const together = evaluateWithNoneDataSource(code, { arguments: { n: 3 }, stash: { a: 1 } });
    expect(together.request.result).toEqual({ payload: 3 });
    expect(together.response?.runtimeError?.message).toBe('Execution timed out after 1000 ms');
    expect(together.response?.stash).toEqual({ a: 1 });
    // The thread that replaced the stopped one runs the code again.
    const again = compile(`
      export function request(ctx) { return { payload: ctx.args.n }; }
      export function response(ctx) { return ctx.result * 2; }`);
    expect(evaluateWithNoneDataSource(again, { arguments: { n: 4 } }).response?.result).toBe(8);
  });
});
