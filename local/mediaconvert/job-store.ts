import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Job } from '@aws-sdk/client-mediaconvert';
import { writeDurably } from '../lib/durable-file';

// Jobs on disk, one file each, written durably: a job survives a kill of the local cloud and is
// picked up again at the next start.

const DATE_FIELDS = ['CreatedAt'] as const;
const TIMING_FIELDS = ['SubmitTime', 'StartTime', 'FinishTime'] as const;

/** A job from JSON: its date fields arrive as ISO strings (typed Date), and become Dates again. */
function revive(job: Job): Job {
  for (const field of DATE_FIELDS) if (job[field]) job[field] = new Date(job[field]);
  if (job.Timing)
    for (const field of TIMING_FIELDS) if (job.Timing[field]) job.Timing[field] = new Date(job.Timing[field]);
  return job;
}

/** A deep copy that callers may keep while the job moves on (dates stay Dates). */
export function copyJob(job: Job): Job {
  return revive(JSON.parse(JSON.stringify(job)) as Job);
}

export class JobStore {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.json')) continue;
      const job = revive(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Job);
      this.jobs.set(job.Id as string, job);
    }
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** Newest first, as ListJobs orders by default. */
  list(): Job[] {
    return [...this.jobs.values()].sort(
      (a, b) =>
        (b.CreatedAt?.getTime() ?? 0) - (a.CreatedAt?.getTime() ?? 0) || String(b.Id).localeCompare(String(a.Id)),
    );
  }

  save(job: Job): void {
    this.jobs.set(job.Id as string, job);
    writeDurably(path.join(this.dir, `${job.Id}.json`), JSON.stringify(job));
  }
}
