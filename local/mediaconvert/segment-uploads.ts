import { readdirSync } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { PlannedHlsGroup } from './ffmpeg-plan';
import { putOutput } from './s3-transfer';

// MediaConvert "begins uploading outputs to your output Amazon S3 bucket" during TRANSCODING in
// some jobs, and uploads "the remaining transcoded outputs" during UPLOADING (its STATUS_UPDATE
// documentation). The local one does so with HLS segments: each goes up once ffmpeg has moved on
// to the next of its output. So a job that fails or is canceled midway leaves part of its output
// in the bucket, as MediaConvert's can, for the pipeline to clean up.

const SEGMENT = /^(.+)_(\d{5,})\.ts$/;

/** The segments ffmpeg has finished, from a listing of its work dir: <stem>_<n>.ts once <stem>_<n+1>.ts exists. */
export function findFinishedSegments(files: readonly string[], stems: readonly string[]): string[] {
  const present = new Set(files);
  const wanted = new Set(stems);
  return files
    .filter((file) => {
      const match = SEGMENT.exec(file);
      if (!match?.[1] || !match[2] || !wanted.has(match[1])) return false;
      return present.has(`${match[1]}_${String(Number(match[2]) + 1).padStart(5, '0')}.ts`);
    })
    .sort();
}

/** Puts a job's finished segments while ffmpeg writes the rest, one at a time. */
export class SegmentUploads {
  private readonly scheduled = new Set<string>();
  private readonly uploaded = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failure: Error | undefined;

  constructor(
    private readonly s3: S3Client,
    private readonly workDir: string,
    private readonly intervalMs = 250,
  ) {}

  /** Watches the work dir for the groups' finished segments. */
  start(groups: readonly PlannedHlsGroup[]): void {
    this.timer = setInterval(() => this.scan(groups), this.intervalMs);
  }

  /** Stops watching and waits for the put under way (never cut off: nothing lands after the job's final event). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopped = true;
    await this.queue;
  }

  /** After stop(): the files already in the bucket; throws the JobFailure of a put that failed. */
  uploadedFiles(): ReadonlySet<string> {
    if (this.failure !== undefined) throw this.failure;
    return this.uploaded;
  }

  private scan(groups: readonly PlannedHlsGroup[]): void {
    let files: string[];
    try {
      files = readdirSync(this.workDir);
    } catch {
      return; // ffmpeg has not made it yet
    }
    for (const group of groups) {
      const stems = group.outputs.map((output) => output.stem);
      for (const file of findFinishedSegments(files, stems)) {
        if (this.scheduled.has(file)) continue;
        this.scheduled.add(file);
        const produced = { file, bucket: group.destinationBucket, key: `${group.destinationPrefix}${file}` };
        this.queue = this.queue.then(async () => {
          if (this.stopped || this.failure !== undefined) return;
          try {
            await putOutput(this.s3, this.workDir, produced);
            this.uploaded.add(file);
          } catch (error) {
            this.failure = error instanceof Error ? error : new Error(String(error));
          }
        });
      }
    }
  }
}
