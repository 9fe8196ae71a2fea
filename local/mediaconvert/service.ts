import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CreateJobRequest, Job, JobStatus } from '@aws-sdk/client-mediaconvert';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EventEntry } from '../events';
import { guardListener } from '../lib/guard';
import type { FfmpegBinaries } from './ffmpeg-binaries';
import { buildJobEvent, buildOutputGroupDetails } from './job-events';
import type { JobEventStatus, JobPhase } from './job-events';
import { ERROR_CODES, JobFailure } from './job-failure';
import { JobStore, copyJob } from './job-store';
import { downloadInput, parseS3Url, uploadOutputs } from './s3-transfer';
import { SegmentUploads } from './segment-uploads';
import { transcode } from './transcode';
import { validateJobRequest } from './validate-settings';

// MediaConvert's job lifecycle on one machine: SUBMITTED -> PROGRESSING -> COMPLETE | ERROR |
// CANCELED, a bounded number running at once (the rest wait, as in a MediaConvert queue), events
// at each change and every StatusUpdateInterval, and jobs that a restart interrupted run again.

export interface MediaConvertServiceOptions {
  dataDir: string;
  region: string;
  accountId: string;
  s3: S3Client;
  binaries: FfmpegBinaries;
  putEvents: (entries: EventEntry[]) => void;
  /** Jobs transcoding at once; more wait in the queue. */
  maxConcurrentJobs?: number;
  /**
   * Multiplies StatusUpdateInterval locally (0.1 turns SECONDS_10 into a second), so short test
   * clips still show progress; 1 keeps AWS's timing.
   */
  statusIntervalScale?: number;
  /** An interrupted job is run again at most this many times, then ends in ERROR. */
  maxRetries?: number;
  log?: (line: string) => void;
}

export class ConflictError extends Error {
  readonly name = 'ConflictException';
}

export class NotFoundError extends Error {
  readonly name = 'NotFoundException';
}

const TOKEN_WINDOW_MS = 60_000;
const FINAL: ReadonlySet<JobStatus> = new Set(['COMPLETE', 'ERROR', 'CANCELED']);

function newJobId(): string {
  // MediaConvert's form: creation time in ms, a dash, six random characters.
  return `${Date.now()}-${randomBytes(3).toString('hex')}`;
}

export class MediaConvertService {
  private readonly store: JobStore;
  private readonly waiting: string[] = [];
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private closed = false;

  constructor(private readonly options: MediaConvertServiceOptions) {
    this.store = new JobStore(path.join(options.dataDir, 'jobs'));
    // A job the last process left unfinished runs again from the start (its outputs are
    // overwritten), unless it has been interrupted too often.
    for (const job of this.store.list().reverse()) {
      if (job.Status === 'SUBMITTED') this.waiting.push(job.Id as string);
      else if (job.Status === 'PROGRESSING') this.retry(job);
    }
    this.pump();
  }

  get queueArn(): string {
    return `arn:aws:mediaconvert:${this.options.region}:${this.options.accountId}:queues/Default`;
  }

  createJob(request: CreateJobRequest): Job {
    validateJobRequest(request);
    // MediaConvert's idempotency: the same ClientRequestToken within a minute returns the first job.
    const repeated = request.ClientRequestToken
      ? this.store
          .list()
          .find(
            (job) =>
              job.ClientRequestToken === request.ClientRequestToken &&
              Date.now() - (job.CreatedAt?.getTime() ?? 0) < TOKEN_WINDOW_MS,
          )
      : undefined;
    if (repeated) return copyJob(repeated);
    const id = newJobId();
    const now = new Date();
    const job: Job = {
      Id: id,
      Arn: `arn:aws:mediaconvert:${this.options.region}:${this.options.accountId}:jobs/${id}`,
      CreatedAt: now,
      Role: request.Role,
      Settings: request.Settings,
      UserMetadata: request.UserMetadata ?? {},
      StatusUpdateInterval: request.StatusUpdateInterval ?? 'SECONDS_60',
      Priority: request.Priority ?? 0,
      Queue: this.queueArn,
      BillingTagsSource: request.BillingTagsSource ?? 'JOB',
      AccelerationSettings: request.AccelerationSettings ?? { Mode: 'DISABLED' },
      AccelerationStatus: 'NOT_APPLICABLE',
      ClientRequestToken: request.ClientRequestToken,
      Status: 'SUBMITTED',
      Timing: { SubmitTime: now },
      RetryCount: 0,
      Messages: { Info: [], Warning: [] },
    };
    this.store.save(job);
    const submitted = copyJob(job);
    this.waiting.push(id);
    this.pump();
    return submitted;
  }

  getJob(id: string): Job {
    const job = this.store.get(id);
    if (!job) throw new NotFoundError(`The specified job ${id} does not exist.`);
    return copyJob(job);
  }

  listJobs(filter: { status?: string; order?: string }): Job[] {
    const jobs = this.store.list().filter((job) => !filter.status || job.Status === filter.status);
    return filter.order === 'ASCENDING' ? jobs.reverse() : jobs;
  }

  cancelJob(id: string): void {
    const job = this.store.get(id);
    if (!job) throw new NotFoundError(`The specified job ${id} does not exist.`);
    if (FINAL.has(job.Status as JobStatus))
      throw new ConflictError(`The job ${id} is ${job.Status} and cannot be canceled.`);
    const index = this.waiting.indexOf(id);
    if (index >= 0) this.waiting.splice(index, 1);
    const run = this.running.get(id);
    run?.abort.abort();
    // CANCELED from now on, as GetJob says; the event follows once its ffmpeg has exited and its
    // last write has landed, so nothing the job writes comes after its final event.
    this.settle(job, 'CANCELED');
    void Promise.allSettled([run?.done]).then(() => this.emit(job, 'CANCELED'));
  }

  /** Stops running jobs where they are: they stay PROGRESSING on disk and run again at the next start. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { abort } of this.running.values()) abort.abort();
    await Promise.allSettled([...this.running.values()].map((run) => run.done));
  }

  private retry(job: Job): void {
    const retries = (job.RetryCount ?? 0) + 1;
    if (retries > (this.options.maxRetries ?? 2)) {
      job.ErrorCode = ERROR_CODES.internal;
      job.ErrorMessage = `The job was interrupted ${retries - 1} times and was not run again.`;
      this.finish(job, 'ERROR');
      return;
    }
    job.RetryCount = retries;
    job.Status = 'SUBMITTED';
    this.store.save(job);
    this.waiting.push(job.Id as string);
  }

  private pump(): void {
    while (!this.closed && this.running.size < (this.options.maxConcurrentJobs ?? 2) && this.waiting.length > 0) {
      const job = this.store.get(this.waiting.shift() as string);
      if (!job || job.Status !== 'SUBMITTED') continue;
      const abort = new AbortController();
      // A job whose bookkeeping fails (its store, its work dir) is logged; the queue moves on.
      const done = this.run(job, abort.signal)
        .catch((error: unknown) => this.options.log?.(`mediaconvert: job ${job.Id} could not be run: ${String(error)}`))
        .then(
          guardListener(
            () => {
              this.running.delete(job.Id as string);
              this.pump();
            },
            { what: 'mediaconvert: starting the next job', log: this.options.log },
          ),
        );
      this.running.set(job.Id as string, { abort, done });
    }
  }

  private emit(job: Job, status: JobEventStatus, extra: Partial<Parameters<typeof buildJobEvent>[0]> = {}): void {
    try {
      this.options.putEvents([buildJobEvent({ job, status, accountId: this.options.accountId, ...extra })]);
    } catch (error) {
      this.options.log?.(`mediaconvert: job ${job.Id}: event ${status} not delivered: ${(error as Error).message}`);
    }
  }

  private finish(
    job: Job,
    status: 'COMPLETE' | 'ERROR' | 'CANCELED',
    extra: Partial<Parameters<typeof buildJobEvent>[0]> = {},
  ): void {
    this.settle(job, status);
    this.emit(job, status, extra);
  }

  /** The job's final status, on disk. */
  private settle(job: Job, status: 'COMPLETE' | 'ERROR' | 'CANCELED'): void {
    job.Status = status;
    job.Timing = { ...job.Timing, FinishTime: new Date() };
    delete job.CurrentPhase;
    delete job.JobPercentComplete;
    this.store.save(job);
    this.options.log?.(`mediaconvert: job ${job.Id} ${status}${job.ErrorMessage ? `: ${job.ErrorMessage}` : ''}`);
  }

  private async run(job: Job, signal: AbortSignal): Promise<void> {
    const workDir = path.join(this.options.dataDir, 'work', job.Id as string);
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    const progress = { percent: 0, phase: 'PROBING' as JobPhase, framesDecoded: 0 };
    const intervalSeconds =
      Number(String(job.StatusUpdateInterval).replace('SECONDS_', '')) * (this.options.statusIntervalScale ?? 1);
    let timer: NodeJS.Timeout | undefined;
    try {
      job.Status = 'PROGRESSING';
      job.CurrentPhase = 'PROBING';
      job.JobPercentComplete = 0;
      job.Timing = { ...job.Timing, StartTime: new Date() };
      this.store.save(job);
      this.emit(job, 'PROGRESSING');
      timer = setInterval(
        () => this.emit(job, 'STATUS_UPDATE', { progress: { ...progress } }),
        Math.max(50, intervalSeconds * 1000),
      );

      const inputUrl = job.Settings?.Inputs?.[0]?.FileInput as string;
      const inputFile = path.join(workDir, 'input', path.basename(parseS3Url(inputUrl).key));
      mkdirSync(path.dirname(inputFile), { recursive: true });
      await downloadInput(this.options.s3, inputUrl, inputFile, signal);

      progress.phase = 'TRANSCODING';
      job.CurrentPhase = 'TRANSCODING';
      const outputDir = path.join(workDir, 'output');
      const segments = new SegmentUploads(this.options.s3, outputDir);
      const result = await transcode({
        settings: job.Settings ?? {},
        inputFile,
        workDir: outputDir,
        binaries: this.options.binaries,
        signal,
        onProgress: (percent) => {
          // Transcoding is most of the work; the upload takes the last few percent.
          progress.percent = Math.min(95, percent * 0.95);
          job.JobPercentComplete = Math.floor(progress.percent);
        },
        onPlanned: (plan) => segments.start(plan.hlsGroups),
      }).finally(() => segments.stop());
      progress.phase = 'UPLOADING';
      job.CurrentPhase = 'UPLOADING';
      const uploaded = segments.uploadedFiles();
      const remaining = result.files.filter((file) => !uploaded.has(file.file));
      await uploadOutputs(this.options.s3, outputDir, remaining, signal);
      // Canceled while its last write landed: CANCELED stands.
      signal.throwIfAborted();
      clearInterval(timer);
      const details = buildOutputGroupDetails(result);
      job.OutputGroupDetails = details.map((group) => ({
        OutputDetails: group.outputDetails.map((output) => ({
          DurationInMs: output.durationInMs,
          VideoDetails: { WidthInPx: output.videoDetails.widthInPx, HeightInPx: output.videoDetails.heightInPx },
        })),
      }));
      this.finish(job, 'COMPLETE', { outputGroupDetails: details });
    } catch (error) {
      clearInterval(timer);
      // Canceled: cancelJob already recorded it. Closing: leave it PROGRESSING for the next start.
      if (signal.aborted) return;
      job.ErrorCode = error instanceof JobFailure ? error.code : ERROR_CODES.internal;
      job.ErrorMessage = error instanceof Error ? error.message : String(error);
      this.finish(job, 'ERROR');
    } finally {
      clearInterval(timer);
      rmSync(workDir, { recursive: true, force: true });
    }
  }
}
