import type { MessagePort } from 'node:worker_threads';

// What the host (realm-thread.ts) and the sandbox thread (realm-worker.ts) say to each other. A
// message goes over a MessagePort and is announced by a counter in shared memory, which the other
// side waits on with Atomics.wait: the host's calls stay synchronous, as evaluations always were.

/** A compiled resolver: its wrapped CommonJS module, registered in the realm under `id`. */
export interface CodeRegistration {
  id: string;
  filename: string;
  source: string;
}

/**
 * `evaluate`: one handler. `evaluateWithNone`: a request handler, the NONE data source and the
 * response handler in one call (the NONE data source needs nothing of the host): one reply per
 * handler run, each sent as its handler ends.
 */
export type RealmRequest =
  | ({ type: 'register' } & CodeRegistration)
  | { type: 'evaluate'; json: string }
  | { type: 'evaluateWithNone'; json: string };

/**
 * `text`: what the harness returned for an evaluation; `more`: the response handler's reply follows.
 * A failure is the message of what was thrown.
 */
export type RealmReply = { ok: true; text?: string; more?: boolean } | { ok: false; message: string };

export interface RealmThreadData {
  harnessSource: string;
  /** Int32 counters: [REQUESTS] the host bumps per request, [REPLIES] the thread per reply (the first is its start). */
  counters: Int32Array;
  port: MessagePort;
  /** Code registered before this thread started (a thread replacing a stopped one takes them all). */
  registrations: CodeRegistration[];
}

export const REQUESTS = 0;
export const REPLIES = 1;
