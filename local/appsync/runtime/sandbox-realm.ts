import { build, buildSync } from 'esbuild';
import type { BuildOptions, OutputFile } from 'esbuild';
import path from 'node:path';
import vm from 'node:vm';

/** The harness functions as the host may call them; they live in the sandbox realm. */
export interface Harness {
  register(id: string, factory: unknown): void;
  prepare(json: string): void;
}

export interface SandboxRealm {
  context: vm.Context;
  harness: Harness;
  evaluateScript: vm.Script;
}

// Freeze every intrinsic and then the global object: one evaluation cannot leave anything behind
// (a global, a patched prototype) for the next.
// Freeze every intrinsic. The global object of a vm context cannot be frozen, so the harness puts
// its properties back (and removes added ones) after every evaluation.
const LOCKDOWN = `(() => {
  const seen = new Set();
  const freeze = (value) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
    seen.add(value);
    if (value !== globalThis) Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) freeze(descriptor.value);
      if (descriptor && descriptor.get) freeze(descriptor.get);
      if (descriptor && descriptor.set) freeze(descriptor.set);
    }
    freeze(Object.getPrototypeOf(value));
  };
  freeze(globalThis);
})();`;

let harnessSource: string | undefined;
/** The one asynchronous bundling of the harness, however many compilations wait for it. */
let harnessBuild: Promise<void> | undefined;

const HARNESS_BUILD = {
  entryPoints: [path.join(__dirname, 'sandbox', 'harness.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  target: 'es2020',
  platform: 'neutral',
  logLevel: 'silent',
} satisfies BuildOptions;

function harnessText(outputFiles: OutputFile[] | undefined): string {
  const [output] = outputFiles ?? [];
  if (!output) throw new Error('esbuild wrote no bundle of the AppSync sandbox harness.');
  return output.text;
}

function bundleHarness(): string {
  harnessSource ??= harnessText(buildSync(HARNESS_BUILD).outputFiles);
  return harnessSource;
}

/**
 * Bundles the harness through esbuild's asynchronous API, so that the realm needs no synchronous
 * call: the first one starts a worker thread and blocks until esbuild answers through it.
 */
export function prepareSandboxHarness(): Promise<void> {
  harnessBuild ??= build(HARNESS_BUILD).then((result) => {
    harnessSource ??= harnessText(result.outputFiles);
  });
  return harnessBuild;
}

/**
 * One V8 context with only the language's built-ins: no require, process, Buffer, timers or
 * fetch, and no eval or new Function (APPSYNC_JS has none of them either).
 */
export function createSandboxRealm(): SandboxRealm {
  const context = vm.createContext(Object.create(null) as vm.Context, {
    name: 'APPSYNC_JS',
    codeGeneration: { strings: false, wasm: false },
  });
  new vm.Script(bundleHarness(), { filename: 'appsync-js-harness.js' }).runInContext(context);
  const harness = new vm.Script('__harness').runInContext(context) as Harness;
  new vm.Script(LOCKDOWN, { filename: 'appsync-js-lockdown.js' }).runInContext(context);
  return {
    context,
    harness,
    evaluateScript: new vm.Script('__harness.evaluate()', { filename: 'appsync-js-evaluate.js' }),
  };
}
