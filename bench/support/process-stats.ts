import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { statusField } from '../../test/support/process-memory';

// Another process's CPU time and resident memory, from /proc (Linux): what the emulator costs
// while a benchmark drives it. Its worker threads (the Lambdas) are threads of it, so both include them.

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User plus system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // pid (comm) state ppid ...: comm may hold spaces, so count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the comm.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export function rssBytes(pid: number): number {
  return (statusField(pid, 'VmRSS') ?? 0) * 1024;
}

/** The highest resident set since the last resetPeakRss (or the start), in bytes. */
export function peakRssBytes(pid: number): number {
  return (statusField(pid, 'VmHWM') ?? 0) * 1024;
}

/** Starts the peak over from the present resident set (Linux: "5" to /proc/<pid>/clear_refs). */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
