import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { noneDataSourceResult } from '../data-sources/none';
import { createSandboxRealm, registerCode } from './sandbox-realm';
import type { SandboxRealm } from './sandbox-realm';
import { REPLIES, REQUESTS } from './realm-protocol';
import type { RealmReply, RealmRequest, RealmThreadData } from './realm-protocol';

// The sandbox thread's program (realm-thread.ts bundles and starts it): it holds the APPSYNC_JS
// realm and answers the host's requests one at a time. Evaluations run here with no timer of their
// own: the host's bounded wait is the time limit, and a handler past it ends with this thread.

const { harnessSource, counters, port, registrations } = workerData as RealmThreadData;

function reply(answer: RealmReply): void {
  port.postMessage(answer);
  Atomics.add(counters, REPLIES, 1);
  Atomics.notify(counters, REPLIES);
}

function failure(error: unknown): RealmReply {
  return { ok: false, message: String((error as Error | undefined)?.message ?? error) };
}

function evaluate(realm: SandboxRealm, json: string): RealmReply {
  try {
    realm.harness.prepare(json);
    return { ok: true, text: realm.evaluateScript.runInContext(realm.context) as string };
  } catch (error) {
    return failure(error);
  }
}

/** What of a request handler's outcome decides whether the data source and the response handler run. */
interface RequestOutcome {
  result?: unknown;
  error?: unknown;
  runtimeError?: unknown;
  earlyReturn?: unknown;
  stash?: unknown;
}

/**
 * The request handler, the NONE data source and the response handler, as the host's resolver
 * executor runs them (resolver-executor.ts runStep): the response handler runs only when the
 * request handler neither failed nor returned early, with the payload as ctx.result and its stash.
 * The request handler's reply is sent as soon as it ends: the host times each handler on its own.
 */
function evaluateWithNone(realm: SandboxRealm, json: string): RealmReply {
  const first = evaluate(realm, json);
  if (!first.ok) return first;
  try {
    const outcome = JSON.parse(first.text ?? '') as RequestOutcome;
    if (outcome.error || outcome.runtimeError || outcome.earlyReturn) return first;
    reply({ ...first, more: true });
    const { id, context } = JSON.parse(json) as { id: string; context: Record<string, unknown> };
    const result = noneDataSourceResult(outcome.result);
    const stash = outcome.stash ?? {};
    return evaluate(
      realm,
      JSON.stringify({ id, handler: 'response', context: { ...context, result, error: null, stash } }),
    );
  } catch (error) {
    return failure(error);
  }
}

function handle(realm: SandboxRealm, request: RealmRequest): RealmReply {
  if (request.type === 'evaluate') return evaluate(realm, request.json);
  if (request.type === 'evaluateWithNone') return evaluateWithNone(realm, request.json);
  try {
    registerCode(realm, request.id, request.filename, request.source);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

function serve(realm: SandboxRealm): never {
  let seen = 0;
  for (;;) {
    Atomics.wait(counters, REQUESTS, seen);
    seen = Atomics.load(counters, REQUESTS);
    const received = receiveMessageOnPort(port);
    if (received) reply(handle(realm, received.message as RealmRequest));
  }
}

let realm: SandboxRealm;
try {
  realm = createSandboxRealm(harnessSource);
  for (const registration of registrations)
    registerCode(realm, registration.id, registration.filename, registration.source);
} catch (error) {
  reply(failure(error));
  process.exit(1);
}
reply({ ok: true });
serve(realm);
