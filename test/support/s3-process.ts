import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface S3Process {
  endpoint: string;
  child: ChildProcess;
  /** Peak resident memory of the process so far (VmHWM), in bytes. */
  peakRss(): number;
  currentRss(): number;
  kill(): Promise<void>;
}

function statusField(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

/** Starts test/support/s3-child.ts in its own node process. */
export async function startS3Process(
  dataDir: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<S3Process> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, 's3-child.ts'),
      dataDir,
      credentials.accessKeyId,
      credentials.secretAccessKey,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const { endpoint } = await new Promise<{ endpoint: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the S3 child exited with ${code}`)));
    child.stdout.once('data', (data: Buffer) => resolve(JSON.parse(data.toString()) as { endpoint: string }));
  });
  return {
    endpoint,
    child,
    peakRss: () => statusField(child.pid!, 'VmHWM'),
    currentRss: () => statusField(child.pid!, 'VmRSS'),
    kill: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
