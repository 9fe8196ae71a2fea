import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LambdaRuntime } from '../../local/lambda/runtime';

describe('local Lambda runtime', () => {
  let dir: string;
  let runtime: LambdaRuntime;
  const logs: string[] = [];

  function bundle(name: string, source: string): string {
    const file = path.join(dir, name, 'index.mjs');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, source);
    return file;
  }

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-lambda-'));
    runtime = new LambdaRuntime({
      log: (line) => logs.push(line),
      functions: {
        one: {
          bundle: bundle(
            'one',
            'let calls = 0; export async function handler(event, context) { calls += 1; return { env: process.env.ONLY_ONE ?? null, other: process.env.ONLY_TWO ?? null, leak: process.env.HOME_SECRET ?? null, init: process.env.AWS_LAMBDA_INITIALIZATION_TYPE ?? null, calls, name: context.functionName, echo: event }; }',
          ),
          env: { ONLY_ONE: '1' },
          timeoutSeconds: 5,
        },
        two: {
          bundle: bundle(
            'two',
            'export async function handler() { return { env: process.env.ONLY_TWO, one: process.env.ONLY_ONE ?? null }; }',
          ),
          env: { ONLY_TWO: '2' },
          timeoutSeconds: 5,
        },
        slow: {
          bundle: bundle(
            'slow',
            'export async function handler(e) { await new Promise((r) => setTimeout(r, e.ms)); return "done"; }',
          ),
          env: {},
          timeoutSeconds: 0.5,
          maxConcurrency: 1,
        },
        failing: {
          bundle: bundle(
            'failing',
            'class NotFound extends Error { name = "NotFound"; } export async function handler() { throw new NotFound("no such video"); }',
          ),
          env: {},
          timeoutSeconds: 5,
        },
      },
    });
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each function sees only its own env vars, and stays warm between invocations', async () => {
    process.env.HOME_SECRET = "the dev server's";
    const first = (await runtime.invoke('one', { a: 1 })) as Record<string, unknown>;
    const second = (await runtime.invoke('one', { a: 2 })) as Record<string, unknown>;
    delete process.env.HOME_SECRET;
    expect(first).toEqual({
      env: '1',
      other: null,
      leak: null,
      init: 'on-demand',
      calls: 1,
      name: 'one',
      echo: { a: 1 },
    });
    expect(second.calls).toBe(2);
    expect(await runtime.invoke('two', {})).toEqual({ env: '2', one: null });
  });

  test("errors come back with the error's name as errorType", async () => {
    await expect(runtime.invoke('failing', {})).rejects.toMatchObject({ name: 'NotFound', message: 'no such video' });
  });

  test('a timeout fails the invocation like Lambda, and a fresh environment serves the next one', async () => {
    await expect(runtime.invoke('slow', { ms: 2000 })).rejects.toMatchObject({
      name: 'Sandbox.Timedout',
      message: 'Task timed out after 0.50 seconds',
    });
    expect(await runtime.invoke('slow', { ms: 10 })).toBe('done');
  });

  test('concurrency is bounded per function', async () => {
    const started = Date.now();
    await Promise.all([runtime.invoke('slow', { ms: 200 }), runtime.invoke('slow', { ms: 200 })]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  test('one log line per invocation with its duration and outcome', () => {
    expect(logs.some((line) => /^lambda one [0-9a-f-]{36} \d+ ms ok$/.test(line))).toBe(true);
    expect(logs.some((line) => /^lambda failing [0-9a-f-]{36} \d+ ms error: NotFound$/.test(line))).toBe(true);
    expect(logs.some((line) => /^lambda slow [0-9a-f-]{36} \d+ ms timeout$/.test(line))).toBe(true);
  });
});

describe("local Lambda runtime: a function's handler setting and memory size", () => {
  let dir: string;
  let runtime: LambdaRuntime;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-lambda-memory-'));
    const file = path.join(dir, 'index.mjs');
    writeFileSync(
      file,
      [
        "import { getHeapStatistics } from 'node:v8';",
        'export const handlers = {',
        '  main: async (event, context) => ({',
        '    memoryLimitInMB: context.memoryLimitInMB,',
        '    variable: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,',
        '    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),',
        '  }),',
        '  hungry: async () => { const kept = []; for (;;) kept.push(new Array(4e6).fill(kept.length)); },',
        '};',
      ].join('\n'),
    );
    const definition = { bundle: file, env: {}, timeoutSeconds: 30, memorySizeMb: 256 };
    runtime = new LambdaRuntime({
      functions: {
        nested: { ...definition, exportPath: 'handlers.main' },
        hungry: { ...definition, exportPath: 'handlers.hungry', memorySizeMb: 128 },
        missing: { ...definition, exportPath: 'handlers.none' },
      },
    });
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('runs the export the handler setting names, with the memory size in its context and env', async () => {
    const result = (await runtime.invoke('nested', {})) as Record<string, unknown>;
    expect(result).toMatchObject({ memoryLimitInMB: '256', variable: '256' });
    // Lambda's bootstrap: old generation = memory - memory / 10; the young generation comes on top.
    expect(result.heapLimitMb).toBeGreaterThanOrEqual(231);
    expect(result.heapLimitMb).toBeLessThan(256 + 64);
  });

  test('an export that is not there fails as Runtime.HandlerNotFound', async () => {
    await expect(runtime.invoke('missing', {})).rejects.toMatchObject({ name: 'Runtime.HandlerNotFound' });
  });

  test('a function that outgrows its memory fails, and a fresh environment serves the next call', async () => {
    await expect(runtime.invoke('hungry', {})).rejects.toMatchObject({ name: 'Runtime.ExitError' });
    expect(await runtime.invoke('nested', {})).toMatchObject({ memoryLimitInMB: '256' });
  });
});
