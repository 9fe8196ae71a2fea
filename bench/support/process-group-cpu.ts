// The CPU time a process group has used so far, read from /proc (Linux): each live member's own
// time plus that of the children it has reaped, so the steps that already ended (a build, npm run)
// count once, in the parent that waited for them. A busy machine stretches wall time, not this.
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc's times are in these ticks on every Linux architecture Node supports. */
const TICKS_PER_SECOND = 100;

export function processGroupCpuSeconds(groupId: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended between the listing and the read
    }
    // After "pid (comm) ": state ppid pgrp ... utime stime cutime cstime are fields 14-17 of stat(5).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== groupId) continue;
    ticks += [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  }
  return ticks / TICKS_PER_SECOND;
}
