import { readdirSync, readFileSync } from 'node:fs';

// Memory of a process and its children, from /proc (Linux). Worker threads are threads of the
// process, so its VmHWM includes them; child processes (ffmpeg, ffprobe) are sampled separately.

/** A number field of /proc/<pid>/status (VmHWM, VmRSS, Threads: kB or a count); undefined once the process is gone. */
export function statusField(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): Array<{ pid: number; name: string }> {
  const found: Array<{ pid: number; name: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      if (ppid === pid) found.push({ pid: Number(entry), name: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export interface MemoryReport {
  /** VmHWM of the process (its threads included), kB. */
  peakRssKb: number;
  peakThreads: number;
  /** Largest sum of the children's VmRSS seen in one sample, kB. */
  peakChildrenRssKb: number;
  /** Largest single child's VmHWM, by command name, kB. */
  peakChildRssKbByName: Record<string, number>;
  peakChildren: number;
}

/** Samples every `intervalMs` until stopped. */
export function sampleProcessMemory(pid: number, intervalMs = 200): { stop(): MemoryReport } {
  const report: MemoryReport = {
    peakRssKb: 0,
    peakThreads: 0,
    peakChildrenRssKb: 0,
    peakChildRssKbByName: {},
    peakChildren: 0,
  };
  let parentName = '';
  try {
    parentName = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    // not running
  }
  const sample = () => {
    report.peakRssKb = Math.max(report.peakRssKb, statusField(pid, 'VmHWM') ?? 0);
    report.peakThreads = Math.max(report.peakThreads, statusField(pid, 'Threads') ?? 0);
    const children = childrenOf(pid);
    report.peakChildren = Math.max(report.peakChildren, children.length);
    let sum = 0;
    for (const child of children) {
      // A child still named like its parent is between fork and exec: its RSS is the parent's
      // copy-on-write pages, not a process of its own.
      if (child.name === parentName) continue;
      sum += statusField(child.pid, 'VmRSS') ?? 0;
      const hwm = statusField(child.pid, 'VmHWM') ?? 0;
      report.peakChildRssKbByName[child.name] = Math.max(report.peakChildRssKbByName[child.name] ?? 0, hwm);
    }
    report.peakChildrenRssKb = Math.max(report.peakChildrenRssKb, sum);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return report;
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  // The rank is clamped into the array, which is not empty (returned above).
  return sorted[rank]!;
}

/** Runs `work` over `items` with at most `limit` at once, results in order. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  // The workers share one iterator: each takes the next item as soon as it is free.
  const pending = items.entries();
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (const [index, item] of pending) results[index] = await work(item, index);
    }),
  );
  return results;
}
