import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readEndpoints } from '../../local/endpoints';
import type { Endpoints } from '../../local/endpoints';

export interface LocalCloudProcess {
  child: ChildProcess;
  dataDir: string;
  endpoints: Endpoints;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const repoRoot = path.resolve(__dirname, '..', '..');

interface DevServerOptions {
  dataDir?: string;
  args?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}

function spawnDevServer(dataDir: string, args: string[], env: Record<string, string> | undefined): ChildProcess {
  // Launched as package.json's start launches it.
  return spawn(process.execPath, ['--require', 'tsx/cjs', 'local/dev-server.ts', '--data-dir', dataDir, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test', ...env },
  });
}

/** `npm start`'s dev server as its own process on free ports, launched as package.json's start launches it. */
export async function startLocalCloudProcess(options: DevServerOptions = {}): Promise<LocalCloudProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'videopipe-test-'));
  const child = spawnDevServer(dataDir, ['--ephemeral-ports', ...(options.args ?? [])], options.env);
  let output = '';
  // Also kept beside its state, for reading after a test run: <data dir>/dev-server.log.
  const log = createWriteStream(path.join(dataDir, 'dev-server.log'));
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  });
  child.once('exit', () => log.end());
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`local cloud did not start in time:\n${output}`)),
      options.timeoutMs ?? 30000,
    );
    const check = () => {
      if (output.includes('local cloud is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    dataDir,
    endpoints: readEndpoints(dataDir),
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        // Already gone: ended by itself (exitCode) or by a signal such as a test's SIGKILL (signalCode).
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

/**
 * `npm start`'s dev server on the ports its environment gives (no --ephemeral-ports), for a start
 * that must fail: its exit code and everything it printed, once it has stopped by itself.
 */
export async function runFailingLocalCloudProcess(
  options: DevServerOptions = {},
): Promise<{ code: number | null; output: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'videopipe-test-'));
  const child = spawnDevServer(dataDir, options.args ?? [], options.env);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the dev server did not stop by itself:\n${output}`));
    }, options.timeoutMs ?? 30000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
