// npm run bench:start: the time from spawning `npm start` to its "videopipe local cloud is ready"
// banner (after which the web app must answer), for a second start with nothing changed versus a
// cold start in the same run: build/ removed, so every target is built (as every start did before
// the build cache). Each round is a cold start and then a second start on the same data dir, a temp
// one, on free ports. Prints the medians, their ratio and whether the second start met its target
// (<= 3 s), and the CPU time the start used, which a busy machine does not stretch. It rebuilds
// this checkout's build/ (removed for each cold start) as it goes.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile } from './support/percentile';
import { processGroupCpuSeconds } from './support/process-group-cpu';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_SECONDS = 3;
const READY = 'videopipe local cloud is ready';
/** A cold start may compile the ffprobe layer once per machine (about two minutes on two cores). */
const READY_TIMEOUT_MS = 10 * 60_000;
const root = path.resolve(__dirname, '..');

interface Started {
  child: ChildProcess;
  seconds: number;
  cpuSeconds: number;
  webUrl: string;
}

interface Timed {
  seconds: number;
  cpuSeconds: number;
}

/** Spawns `npm start` in its own process group (npm, the shell, the build and the dev server) and waits for the banner. */
function startOnce(dataDir: string): Promise<Started> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--', '--data-dir', dataDir, '--ephemeral-ports'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop(child).catch(() => undefined);
      reject(new Error(`npm start was not ready in ${READY_TIMEOUT_MS / 1000} s:\n${output}`));
    }, READY_TIMEOUT_MS);
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes(READY)) return;
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = child.pid === undefined ? NaN : processGroupCpuSeconds(child.pid);
      clearTimeout(timer);
      child.stdout?.off('data', onOutput);
      const webUrl = /Web app +(http:\/\/\S+)/.exec(output)?.[1];
      if (webUrl) resolve({ child, seconds, cpuSeconds, webUrl });
      else reject(new Error(`the banner names no web app:\n${output}`));
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** Ctrl-C, as a person stops it: SIGINT to the whole group, then waits for npm to exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGINT');
  const late = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 30_000);
  await exited;
  clearTimeout(late);
}

/** One start, timed to its banner; the web app must then answer with the client's page. */
async function timeStart(dataDir: string): Promise<Timed> {
  const { child, seconds, cpuSeconds, webUrl } = await startOnce(dataDir);
  try {
    const response = await fetch(webUrl);
    const page = await response.text();
    if (response.status !== 200 || !page.includes('<div id="root">'))
      throw new Error(`the web app answered ${response.status} without the client's page`);
  } finally {
    await stop(child);
  }
  return { seconds, cpuSeconds };
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

function row(name: string, runs: Timed[]): string {
  const seconds = runs.map((run) => run.seconds);
  return [
    name.padEnd(32),
    `${median(seconds).toFixed(2).padStart(6)} s median`,
    `CPU ${median(runs.map((run) => run.cpuSeconds)).toFixed(2)} s`,
    `(runs: ${seconds.map((value) => value.toFixed(2)).join(', ')} s)`,
  ].join('   ');
}

async function main(): Promise<void> {
  console.log(`npm start to "${READY}", ${ROUNDS} rounds (a temp data dir each, free ports)`);
  const cold: Timed[] = [];
  const second: Timed[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-bench-start-'));
    try {
      rmSync(path.join(root, 'build'), { recursive: true, force: true });
      cold.push(await timeStart(dataDir));
      second.push(await timeStart(dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(row('cold start (build/ removed)', cold));
  console.log(row('second start (nothing changed)', second));
  const secondSeconds = median(second.map((run) => run.seconds));
  console.log(`ratio second / cold: ${(secondSeconds / median(cold.map((run) => run.seconds))).toFixed(2)}x`);
  const met = secondSeconds <= TARGET_SECONDS;
  console.log(
    `target: second start <= ${TARGET_SECONDS} s: ${met ? 'met' : 'not met'} (${secondSeconds.toFixed(2)} s)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
