import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The ffmpeg processes a local MediaConvert job runs, found by the job's id in their command line
// (the job works in <data dir>/work/<job id>/): whether one still runs, and the fault of one dying.
// Linux's /proc, as the suite's other process checks.

/** Pids of the ffmpeg processes working for the job (none once it stopped). */
export function ffmpegOfJob(jobId: string): number[] {
  const marker = `${path.sep}work${path.sep}${jobId}${path.sep}`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return path.basename(argv[0] ?? '') === 'ffmpeg' && argv.some((arg) => arg.includes(marker));
      } catch {
        return false; // ended while we looked
      }
    })
    .map(Number);
}
