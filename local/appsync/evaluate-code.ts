import type { IncomingMessage, ServerResponse } from 'node:http';
import { CodeError, compileResolverCode, evaluateHandler } from './runtime';
import type { ContextInput } from './types';
import { BodyTooLargeError, readBody, sendJson, stripQuery } from '../lib/http';

// AppSync's EvaluateCode API (POST /v1/dataplane-evaluatecode), as @aws-sdk/client-appsync's
// EvaluateCodeCommand calls it, answered by the local APPSYNC_JS runtime.

export const EVALUATE_CODE_PATH = '/v1/dataplane-evaluatecode';

interface EvaluateCodeRequest {
  runtime?: { name?: string; runtimeVersion?: string };
  code?: string;
  context?: string;
  function?: string;
}

function badRequest(message: string) {
  return { status: 400, body: { message, reason: 'CODE_ERROR' }, errorType: 'BadRequestException' };
}

export function handleEvaluateCode(body: unknown): { status: number; body: unknown; errorType?: string } {
  const request = (body ?? {}) as EvaluateCodeRequest;
  if (request.runtime?.name !== 'APPSYNC_JS' || request.runtime?.runtimeVersion !== '1.0.0') {
    return badRequest(
      `Unsupported runtime ${request.runtime?.name ?? '(none)'} ${request.runtime?.runtimeVersion ?? ''}: use APPSYNC_JS 1.0.0.`,
    );
  }
  if (typeof request.code !== 'string' || typeof request.context !== 'string')
    return badRequest('code and context are required.');
  let context: ContextInput;
  try {
    context = JSON.parse(request.context) as ContextInput;
  } catch {
    return badRequest('context is not valid JSON.');
  }
  let compiled;
  try {
    compiled = compileResolverCode(request.code, 'code.js');
  } catch (error) {
    if (!(error instanceof CodeError)) throw error;
    return {
      status: 200,
      body: {
        error: { message: error.message, codeErrors: [{ errorType: 'PARSER_ERROR', value: error.message }] },
        logs: [],
      },
    };
  }
  const outcome = evaluateHandler(compiled, request.function ?? 'request', context);
  const errors = [...outcome.appendedErrors, ...(outcome.error ? [outcome.error] : [])];
  const response: Record<string, unknown> = {
    logs: outcome.logs,
    stash: JSON.stringify(outcome.stash),
    outErrors: JSON.stringify(errors),
  };
  if (outcome.runtimeError)
    response.error = {
      message: outcome.runtimeError.message,
      codeErrors: [{ errorType: 'RUNTIME_ERROR', value: outcome.runtimeError.message }],
    };
  else if (outcome.error) response.error = { message: outcome.error.message };
  else
    response.evaluationResult = JSON.stringify(
      outcome.earlyReturn ? outcome.earlyReturn.data : (outcome.result ?? null),
    );
  return { status: 200, body: response };
}

export function createEvaluateCodeListener(
  options: { authorize?: (req: IncomingMessage, body: string) => Promise<boolean> } = {},
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = stripQuery(req.url ?? '');
    if (req.method !== 'POST' || path !== EVALUATE_CODE_PATH) {
      sendJson(
        res,
        404,
        { message: `Only EvaluateCode (POST ${EVALUATE_CODE_PATH}) is served here.` },
        { 'x-amzn-errortype': 'NotFoundException' },
      );
      return;
    }
    let text: string;
    try {
      text = (await readBody(req)).toString('utf8');
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      sendJson(res, 413, { message: error.message }, { 'x-amzn-errortype': 'PayloadTooLargeException' });
      return;
    }
    if (options.authorize && !(await options.authorize(req, text))) {
      sendJson(
        res,
        403,
        { message: 'The request signature we calculated does not match the signature you provided.' },
        { 'x-amzn-errortype': 'UnauthorizedException' },
      );
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text || '{}');
    } catch {
      const bad = badRequest('The request body is not valid JSON.');
      sendJson(res, bad.status, bad.body, { 'x-amzn-errortype': bad.errorType });
      return;
    }
    const result = handleEvaluateCode(body);
    sendJson(res, result.status, result.body, result.errorType ? { 'x-amzn-errortype': result.errorType } : {});
  };
}
