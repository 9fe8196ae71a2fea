import vm from 'node:vm';

// The APPSYNC_JS realm. It is made and used inside the sandbox thread (realm-worker.ts): the host
// sends it the bundled harness (realm-thread.ts) and each compiled resolver's source.

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

/**
 * One V8 context with only the language's built-ins: no require, process, Buffer, timers or
 * fetch, and no eval or new Function (APPSYNC_JS has none of them either).
 */
export function createSandboxRealm(harnessSource: string): SandboxRealm {
  const context = vm.createContext(Object.create(null) as vm.Context, {
    name: 'APPSYNC_JS',
    codeGeneration: { strings: false, wasm: false },
  });
  new vm.Script(harnessSource, { filename: 'appsync-js-harness.js' }).runInContext(context);
  const harness = new vm.Script('__harness').runInContext(context) as Harness;
  new vm.Script(LOCKDOWN, { filename: 'appsync-js-lockdown.js' }).runInContext(context);
  return {
    context,
    harness,
    evaluateScript: new vm.Script('__harness.evaluate()', { filename: 'appsync-js-evaluate.js' }),
  };
}

/** Runs a compiled resolver's wrapped module in the realm and registers its factory under `id`. */
export function registerCode(realm: SandboxRealm, id: string, filename: string, wrappedSource: string): void {
  const factory: unknown = new vm.Script(wrappedSource, { filename }).runInContext(realm.context);
  realm.harness.register(id, factory);
}
