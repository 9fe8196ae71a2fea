import type { ContextInput, EvaluationResult } from '../types';
import type { CompiledCode } from './compile';

/** AppSync stops a handler that runs too long; so do we. */
const EVALUATION_TIMEOUT_MS = 1000;

/**
 * Runs one exported handler of compiled code against a context. The context goes in and the
 * outcome comes out as JSON text, so the handler sees fresh sandbox objects every time.
 */
export function evaluateHandler(code: CompiledCode, handler: string, context: ContextInput): EvaluationResult {
  const { realm } = code;
  realm.harness.prepare(JSON.stringify({ id: code.id, handler, context }));
  let text: string;
  try {
    text = realm.evaluateScript.runInContext(realm.context, { timeout: EVALUATION_TIMEOUT_MS }) as string;
  } catch (error) {
    const message =
      (error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
        ? `Execution timed out after ${EVALUATION_TIMEOUT_MS} ms`
        : String((error as Error).message ?? error);
    return { runtimeError: { message }, appendedErrors: [], stash: context.stash ?? {}, invalidations: [], logs: [] };
  }
  const outcome = JSON.parse(text) as EvaluationResult;
  outcome.appendedErrors ??= [];
  outcome.invalidations ??= [];
  outcome.logs ??= [];
  outcome.stash ??= {};
  return outcome;
}
