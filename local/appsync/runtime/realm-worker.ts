import { receiveMessageOnPort, workerData } from 'node:worker_threads';
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

function handle(realm: SandboxRealm, request: RealmRequest): RealmReply {
  try {
    if (request.type === 'register') {
      registerCode(realm, request.id, request.filename, request.source);
      return { ok: true };
    }
    realm.harness.prepare(request.json);
    return { ok: true, text: realm.evaluateScript.runInContext(realm.context) as string };
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
