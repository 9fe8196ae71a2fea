import { build, buildSync } from 'esbuild';
import type { BuildOptions, OutputFile } from 'esbuild';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { REPLIES, REQUESTS } from './realm-protocol';
import type { CodeRegistration, RealmReply, RealmRequest, RealmThreadData } from './realm-protocol';

// The APPSYNC_JS realm lives in a thread of its own, which the host calls synchronously. It used to
// live in this thread with each evaluation under vm's `timeout`, which starts and joins a watchdog
// thread per call: 0.5 ms at the median and 15-20 ms at the 99th percentile on a busy 2-core
// machine, twice per resolver. A thread kept running is woken in tens of microseconds, and
// ending it is how a runaway handler is stopped.

/** A new thread builds the realm (freezing every intrinsic) before it answers; a loaded machine is slow at it. */
const START_TIMEOUT_MS = 60_000;

let bundles: { harness: string; worker: string } | undefined;
/** The one asynchronous bundling, however many compilations wait for it. */
let bundling: Promise<void> | undefined;

function bundleOptions(entry: string, format: 'iife' | 'cjs', platform: 'neutral' | 'node'): BuildOptions {
  return {
    entryPoints: [path.join(__dirname, entry)],
    bundle: true,
    write: false,
    format,
    target: 'es2020',
    platform,
    logLevel: 'silent',
  };
}

/** The harness (run inside the realm) and the thread's program. */
const BUNDLES = {
  harness: bundleOptions(path.join('sandbox', 'harness.ts'), 'iife', 'neutral'),
  worker: bundleOptions('realm-worker.ts', 'cjs', 'node'),
};

function bundleText(outputFiles: OutputFile[] | undefined, entry: keyof typeof BUNDLES): string {
  const [output] = outputFiles ?? [];
  if (!output) throw new Error(`esbuild wrote no bundle of the APPSYNC_JS sandbox's ${entry}.`);
  return output.text;
}

/** Both bundles, made once per process. */
function sandboxBundles(): { harness: string; worker: string } {
  bundles ??= {
    harness: bundleText(buildSync(BUNDLES.harness).outputFiles, 'harness'),
    worker: bundleText(buildSync(BUNDLES.worker).outputFiles, 'worker'),
  };
  return bundles;
}

/**
 * Makes both bundles through esbuild's asynchronous API, so that starting the thread needs no
 * synchronous call (which starts a worker thread and blocks until esbuild answers through it).
 */
export function prepareSandboxBundles(): Promise<void> {
  bundling ??= Promise.all([build(BUNDLES.harness), build(BUNDLES.worker)]).then(([harness, worker]) => {
    bundles ??= {
      harness: bundleText(harness.outputFiles, 'harness'),
      worker: bundleText(worker.outputFiles, 'worker'),
    };
  });
  return bundling;
}

export type RealmOutcome = { type: 'done'; text: string } | { type: 'failed'; message: string } | { type: 'timedOut' };

/** A reply as an evaluation's outcome; no reply is a handler that ran out of time. */
function outcomeOf(reply: RealmReply | undefined): RealmOutcome {
  if (!reply) return { type: 'timedOut' };
  return reply.ok ? { type: 'done', text: reply.text ?? '' } : { type: 'failed', message: reply.message };
}

/** The sandbox thread, seen from the host: every call blocks until the thread answers or the time is up. */
export class RealmThread {
  private readonly registrations: CodeRegistration[] = [];
  private worker!: Worker;
  private port!: MessagePort;
  private counters!: Int32Array;

  constructor() {
    this.start();
  }

  /** Registers a compiled resolver; throws the realm's message if its source does not run. */
  register(registration: CodeRegistration): void {
    const reply = this.call({ type: 'register', ...registration }, START_TIMEOUT_MS);
    if (!reply) throw new Error(`The APPSYNC_JS sandbox did not take ${registration.filename} in time.`);
    if (!reply.ok) throw new Error(reply.message);
    this.registrations.push(registration);
  }

  /** One handler evaluation (the harness's JSON in and out), stopped after `timeoutMs`. */
  evaluate(json: string, timeoutMs: number): RealmOutcome {
    return outcomeOf(this.call({ type: 'evaluate', json }, timeoutMs));
  }

  /**
   * A request handler, the NONE data source and the response handler in one call (`json` is the
   * request handler's evaluation): the request handler's outcome, then the response handler's when
   * it ran. Each handler is stopped after `timeoutMs` of its own.
   */
  evaluateWithNone(json: string, timeoutMs: number): { request: RealmOutcome; response?: RealmOutcome } {
    const repliesBefore = this.send({ type: 'evaluateWithNone', json });
    const first = this.replyOrRestart(repliesBefore, timeoutMs);
    const request = outcomeOf(first);
    if (!first?.ok || !first.more) return { request };
    return { request, response: outcomeOf(this.replyOrRestart(repliesBefore + 1, timeoutMs)) };
  }

  /** Sends one request and waits for its reply; none in time ends the thread and starts another. */
  private call(request: RealmRequest, timeoutMs: number): RealmReply | undefined {
    return this.replyOrRestart(this.send(request), timeoutMs);
  }

  /** Sends a request; returns how many replies the thread had sent before it. */
  private send(request: RealmRequest): number {
    const replies = Atomics.load(this.counters, REPLIES);
    this.port.postMessage(request);
    Atomics.add(this.counters, REQUESTS, 1);
    Atomics.notify(this.counters, REQUESTS);
    return replies;
  }

  /** The reply after the first `repliesBefore`; none in time ends the thread and starts another. */
  private replyOrRestart(repliesBefore: number, timeoutMs: number): RealmReply | undefined {
    const reply = this.awaitReply(repliesBefore, timeoutMs);
    if (!reply) {
      void this.worker.terminate().catch(() => undefined);
      this.start();
    }
    return reply;
  }

  private awaitReply(repliesBefore: number, timeoutMs: number): RealmReply | undefined {
    const deadline = performance.now() + timeoutMs;
    while (Atomics.load(this.counters, REPLIES) === repliesBefore) {
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      Atomics.wait(this.counters, REPLIES, repliesBefore, left);
    }
    return receiveMessageOnPort(this.port)?.message as RealmReply | undefined;
  }

  private start(): void {
    const { harness, worker } = sandboxBundles();
    const channel = new MessageChannel();
    const data: RealmThreadData = {
      harnessSource: harness,
      counters: new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)),
      port: channel.port2,
      registrations: this.registrations,
    };
    this.counters = data.counters;
    this.port = channel.port1;
    // The program is bundled JavaScript: the host's flags (tsx's loader among them) would only slow its start.
    this.worker = new Worker(worker, { eval: true, execArgv: [], workerData: data, transferList: [channel.port2] });
    // The thread never keeps the process alive, and a thread that died shows as a call that times
    // out, after which it is replaced.
    this.worker.unref();
    this.worker.on('error', () => undefined);
    const started = this.awaitReply(0, START_TIMEOUT_MS);
    if (!started) throw new Error('The APPSYNC_JS sandbox thread did not start.');
    if (!started.ok) throw new Error(`The APPSYNC_JS sandbox thread could not start: ${started.message}`);
  }
}
