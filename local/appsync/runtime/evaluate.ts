import type { ContextInput, EvaluationResult } from '../types';
import type { CompiledCode } from './compile';
import type { RealmOutcome } from './realm-thread';

/** AppSync stops a handler that runs too long; so do we. */
const EVALUATION_TIMEOUT_MS = 1000;

/**
 * Runs one exported handler of compiled code against a context. The context goes in and the
 * outcome comes out as JSON text, so the handler sees fresh sandbox objects every time.
 */
export function evaluateHandler(code: CompiledCode, handler: string, context: ContextInput): EvaluationResult {
  const outcome = code.thread.evaluate(JSON.stringify({ id: code.id, handler, context }), EVALUATION_TIMEOUT_MS);
  return evaluationResult(outcome, context.stash);
}

/**
 * A resolver step on the NONE data source: the request handler against `context`, then, unless
 * it failed or returned early, the response handler with the request's payload as ctx.result and
 * the stash it left, as the resolver executor would run them but in one call to the sandbox thread.
 * The request handler's result, and the response handler's when it ran.
 */
export function evaluateWithNoneDataSource(
  code: CompiledCode,
  context: ContextInput,
): { request: EvaluationResult; response?: EvaluationResult } {
  const { request, response } = code.thread.evaluateWithNone(
    JSON.stringify({ id: code.id, handler: 'request', context }),
    EVALUATION_TIMEOUT_MS,
  );
  const requestResult = evaluationResult(request, context.stash);
  return response
    ? { request: requestResult, response: evaluationResult(response, requestResult.stash) }
    : { request: requestResult };
}

function evaluationResult(outcome: RealmOutcome, stash: Record<string, unknown> | undefined): EvaluationResult {
  if (outcome.type !== 'done') {
    const message =
      outcome.type === 'timedOut' ? `Execution timed out after ${EVALUATION_TIMEOUT_MS} ms` : outcome.message;
    return { runtimeError: { message }, appendedErrors: [], stash: stash ?? {}, invalidations: [], logs: [] };
  }
  const result = JSON.parse(outcome.text) as EvaluationResult;
  result.appendedErrors ??= [];
  result.invalidations ??= [];
  result.logs ??= [];
  result.stash ??= {};
  return result;
}
