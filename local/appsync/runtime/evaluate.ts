import type { ContextInput, EvaluationResult } from '../types';
import type { CompiledCode } from './compile';

/** AppSync stops a handler that runs too long; so do we. */
const EVALUATION_TIMEOUT_MS = 1000;

/**
 * Runs one exported handler of compiled code against a context. The context goes in and the
 * outcome comes out as JSON text, so the handler sees fresh sandbox objects every time.
 */
export function evaluateHandler(code: CompiledCode, handler: string, context: ContextInput): EvaluationResult {
  const outcome = code.thread.evaluate(JSON.stringify({ id: code.id, handler, context }), EVALUATION_TIMEOUT_MS);
  if (outcome.type !== 'done') {
    const message =
      outcome.type === 'timedOut' ? `Execution timed out after ${EVALUATION_TIMEOUT_MS} ms` : outcome.message;
    return { runtimeError: { message }, appendedErrors: [], stash: context.stash ?? {}, invalidations: [], logs: [] };
  }
  const result = JSON.parse(outcome.text) as EvaluationResult;
  result.appendedErrors ??= [];
  result.invalidations ??= [];
  result.logs ??= [];
  result.stash ??= {};
  return result;
}
