import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { guardListener } from '../lib/guard';

export interface FunctionDefinition {
  /** The zip-ready bundle (build/functions/<name>/index.mjs). */
  bundle: string;
  /** The bundle's export Lambda calls, dots reaching into objects; default `handler`. */
  exportPath?: string;
  /** Exactly the env vars the function gets on AWS, pointed at the local stand-ins. */
  env: Record<string, string>;
  timeoutSeconds: number;
  /** Lambda's memory size; the worker's heap is capped as Lambda's Node.js bootstrap caps it. Default 128, as on AWS. */
  memorySizeMb?: number;
  /** Concurrent invocations (execution environments) at most. */
  maxConcurrency?: number;
}

export interface LambdaRuntimeOptions {
  functions: Record<string, FunctionDefinition>;
  /** Each function's execution-role key pair, handed to it as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY the way Lambda hands over its role's credentials. */
  roleCredentials?: Record<string, { accessKeyId: string; secretAccessKey: string }>;
  log?: (line: string) => void;
}

/** A function error as Lambda reports it: errorType is the error's name. */
export class LambdaError extends Error {
  constructor(errorType: string, message: string) {
    super(message);
    this.name = errorType;
  }
}

interface Environment {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  environment: Environment;
}

/**
 * Lambda on one machine: each execution environment is a worker thread with its own env vars
 * (never the dev server's), reused while warm, replaced after a timeout, bounded per function.
 */
export class LambdaRuntime {
  private readonly pools = new Map<string, Environment[]>();
  private readonly waiting = new Map<string, Array<() => void>>();
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly options: LambdaRuntimeOptions) {}

  async invoke(name: string, event: unknown): Promise<unknown> {
    const definition = this.options.functions[name];
    if (!definition) throw new LambdaError('ResourceNotFoundException', `Function not found: ${name}`);
    const started = Date.now();
    const requestId = randomUUID();
    const environment = await this.acquire(name, definition);
    let outcome = 'ok';
    try {
      await environment.ready;
      return await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.pending.delete(requestId);
          outcome = 'timeout';
          // A timed-out sandbox is not reused: its state is unknown.
          void environment.worker.terminate();
          this.discard(name, environment);
          reject(
            new LambdaError('Sandbox.Timedout', `Task timed out after ${definition.timeoutSeconds.toFixed(2)} seconds`),
          );
        }, definition.timeoutSeconds * 1000);
        this.pending.set(requestId, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          reject: (error) => {
            clearTimeout(timer);
            outcome = `error: ${error.name}`;
            reject(error);
          },
          environment,
        });
        environment.worker.postMessage({
          requestId,
          event: JSON.parse(JSON.stringify(event ?? null)) as unknown,
          deadline: Date.now() + definition.timeoutSeconds * 1000,
        });
      });
    } finally {
      this.options.log?.(`lambda ${name} ${requestId} ${Date.now() - started} ms ${outcome}`);
      this.release(name, environment);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].flat().map((environment) => environment.worker.terminate()));
    this.pools.clear();
  }

  private async acquire(name: string, definition: FunctionDefinition): Promise<Environment> {
    for (;;) {
      const pool = this.pools.get(name) ?? [];
      this.pools.set(name, pool);
      const idle = pool.find((environment) => !environment.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (pool.length < (definition.maxConcurrency ?? 4)) {
        const environment = this.start(name, definition);
        environment.busy = true;
        pool.push(environment);
        return environment;
      }
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(name) ?? [];
        queue.push(resolve);
        this.waiting.set(name, queue);
      });
    }
  }

  private release(name: string, environment: Environment): void {
    environment.busy = false;
    this.waiting.get(name)?.shift()?.();
  }

  private discard(name: string, environment: Environment): void {
    const pool = this.pools.get(name) ?? [];
    this.pools.set(
      name,
      pool.filter((candidate) => candidate !== environment),
    );
  }

  private start(name: string, definition: FunctionDefinition): Environment {
    const memorySizeMb = definition.memorySizeMb ?? DEFAULT_MEMORY_SIZE_MB;
    const worker = new Worker(path.join(__dirname, 'worker-entry.mjs'), {
      workerData: {
        bundle: definition.bundle,
        exportPath: definition.exportPath ?? 'handler',
        functionName: name,
        memorySizeMb,
      },
      env: {
        ...definition.env,
        ...roleEnv(this.options.roleCredentials?.[name]),
        AWS_LAMBDA_FUNCTION_NAME: name,
        // As Lambda sets it for an environment started by an invocation: Powertools' Logger reports
        // cold_start only then.
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySizeMb),
        AWS_LAMBDA_FUNCTION_TIMEOUT: String(definition.timeoutSeconds),
        PATH: process.env.PATH ?? '/usr/bin:/bin',
      },
      resourceLimits: { maxOldGenerationSizeMb: oldGenerationSizeMb(memorySizeMb) },
    });
    let markReady: () => void = () => undefined;
    let markFailed: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    ready.catch(() => undefined);
    const guarded = { what: `lambda ${name}: execution environment event`, log: this.options.log };
    worker.on(
      'message',
      guardListener(
        (message: {
          ready?: boolean;
          requestId?: string;
          ok?: boolean;
          result?: unknown;
          errorType?: string;
          errorMessage?: string;
        }) => {
          if (message.ready) return markReady();
          const pending = message.requestId ? this.pending.get(message.requestId) : undefined;
          if (!pending || !message.requestId) return;
          this.pending.delete(message.requestId);
          if (message.ok) pending.resolve(message.result);
          else
            pending.reject(
              new LambdaError(message.errorType ?? 'Error', message.errorMessage ?? 'The function failed.'),
            );
        },
        guarded,
      ),
    );
    worker.on(
      'error',
      guardListener((error: Error) => {
        markFailed(new LambdaError('Runtime.ImportModuleError', error.message));
        this.options.log?.(`lambda ${name}: execution environment failed: ${error.message}`);
        this.discard(name, environment);
        for (const [requestId, pending] of this.pending) {
          if (pending.environment !== environment) continue;
          pending.reject(new LambdaError('Runtime.ExitError', error.message));
          this.pending.delete(requestId);
        }
      }, guarded),
    );
    const environment: Environment = { worker, ready, busy: false };
    return environment;
  }
}

const DEFAULT_MEMORY_SIZE_MB = 128;

/** Lambda's Node.js bootstrap leaves a tenth of the memory to the young generation and gives the old generation the rest. */
function oldGenerationSizeMb(memorySizeMb: number): number {
  return memorySizeMb - Math.floor(memorySizeMb / 10);
}

function roleEnv(credentials: { accessKeyId: string; secretAccessKey: string } | undefined): Record<string, string> {
  return credentials
    ? { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey }
    : {};
}
