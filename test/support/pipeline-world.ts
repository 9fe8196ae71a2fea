import { createHash } from 'node:crypto';
import type { CreateJobRequest } from '@aws-sdk/client-mediaconvert';
import { Logger } from '@aws-lambda-powertools/logger';
import type { PipelineLimits } from '../../common/constants/pipeline-limits';
import { DEFAULT_PIPELINE_LIMITS } from '../../common/constants/pipeline-limits';
import { ProbeError } from '../../common/ffprobe';
import type { AcceptedSource, JobTransition, PipelineVideo } from '../../functions/lib/pipeline-video';
import type { AcceptedCopyInfo, RawUploads, UploadObjectInfo } from '../../functions/lib/ports/raw-uploads';
import type { UsageCount, UsageCounter, UsageIncrement } from '../../functions/lib/ports/usage-counter';
import type { ProcessingRecordOptions, OwnerVideos, VideoStore } from '../../functions/lib/ports/video-store';
import type { ProbeFacts } from '../../functions/lib/probe';
import { acceptedKey } from '../../functions/lib/upload-keys';
import type { ProcessUploadDependencies } from '../../functions/process-upload/dependencies';

// process-upload's ports in memory, with the conditions of the real adapters (S3's copy conditions,
// the DynamoDB writes' conditions), so a test can run deliveries in any order and look at the
// outcome: which bytes were probed and which the job reads.

export const RAW_BUCKET = 'raw';

interface StoredObject {
  eTag: string;
  metadata: Record<string, string>;
  /** Stands for the bytes: the facts ffprobe finds in them, or a ProbeError's reason. */
  content: ProbeFacts | string;
}

/** The raw bucket: the ticket's key, which any POST with the ticket replaces, and the accepted copies. */
export class MemoryRawBucket implements RawUploads {
  readonly objects = new Map<string, StoredObject>();
  /** Every key ffprobe was pointed at, in order. */
  readonly probedKeys: string[] = [];

  /** A POST with the ticket (null: an object without the owner metadata): the object at the key is replaced, its ETag the content's. */
  post(videoId: string, content: ProbeFacts | string, userId: string | null = 'ann'): string {
    const eTag = createHash('md5').update(JSON.stringify(content)).digest('hex');
    this.objects.set(videoId, { eTag, metadata: userId === null ? {} : { 'user-id': userId }, content });
    return eTag;
  }

  async readUpload(videoId: string): Promise<UploadObjectInfo | null> {
    const object = this.objects.get(videoId);
    return object ? { userId: object.metadata['user-id'] } : null;
  }

  async readAccepted(videoId: string): Promise<AcceptedCopyInfo | null> {
    const object = this.objects.get(acceptedKey(videoId));
    return object ? { userId: object.metadata['user-id'], sourceETag: object.metadata['source-etag'] } : null;
  }

  async copyToAccepted(videoId: string, copy: { sourceETag: string; userId: string }): Promise<boolean> {
    const source = this.objects.get(videoId);
    if (!source || source.eTag !== copy.sourceETag || this.objects.has(acceptedKey(videoId))) return false;
    this.objects.set(acceptedKey(videoId), {
      eTag: source.eTag,
      metadata: { 'user-id': copy.userId, 'source-etag': copy.sourceETag },
      content: source.content,
    });
    return true;
  }

  async deleteUpload(videoId: string): Promise<void> {
    this.objects.delete(videoId);
  }

  async deleteAll(videoId: string): Promise<void> {
    this.objects.delete(videoId);
    this.objects.delete(acceptedKey(videoId));
  }

  async acceptedReadUrl(videoId: string): Promise<string> {
    return `memory://${acceptedKey(videoId)}`;
  }

  acceptedInputUrl(videoId: string): string {
    return `s3://${RAW_BUCKET}/${acceptedKey(videoId)}`;
  }

  /** ffprobe on a URL of acceptedReadUrl. */
  async probe(url: string): Promise<ProbeFacts> {
    const key = url.replace('memory://', '');
    this.probedKeys.push(key);
    const object = this.objects.get(key);
    if (!object) throw new Error(`ffprobe could not fetch the file: ${key} is gone`);
    if (typeof object.content === 'string') throw new ProbeError(object.content);
    return object.content;
  }
}

/** The videos table's records, written under the conditions DynamoDbVideoStore writes with. */
export class MemoryVideoStore implements VideoStore, OwnerVideos {
  readonly records = new Map<string, PipelineVideo>();
  private clock = 0;

  private stamp(): string {
    this.clock += 1;
    return new Date(Date.UTC(2026, 11, 2, 10, 0, this.clock)).toISOString();
  }

  async getVideo(videoId: string): Promise<PipelineVideo | undefined> {
    const record = this.records.get(videoId);
    return record && structuredClone(record);
  }

  /** createVideo's putVideo: the title on the record (a new one when the pipeline has none yet). */
  register(videoId: string, userId: string, title: string): PipelineVideo {
    const now = this.stamp();
    const record: PipelineVideo = this.records.get(videoId) ?? {
      id: videoId,
      userId,
      status: 'PROCESSING',
      progress: 0,
      createdAt: now,
      updatedAt: now,
    };
    const registered = { ...record, title, updatedAt: now };
    this.records.set(videoId, registered);
    return structuredClone(registered);
  }

  async createProcessingRecord(options: ProcessingRecordOptions): Promise<boolean> {
    const existing = this.records.get(options.videoId);
    if (
      existing &&
      (existing.userId !== options.userId ||
        existing.status !== 'PROCESSING' ||
        existing.jobId !== undefined ||
        existing.acceptedSource !== undefined)
    )
      return false;
    const now = this.stamp();
    this.records.set(options.videoId, {
      id: options.videoId,
      status: 'PROCESSING',
      progress: 0,
      createdAt: now,
      ...existing,
      userId: options.userId,
      updatedAt: now,
      deadlineAt: options.deadlineAt ?? existing?.deadlineAt,
    });
    return true;
  }

  async acceptUpload(
    videoId: string,
    accepted: { userId: string; source: AcceptedSource; deadlineAt: string },
  ): Promise<PipelineVideo | undefined> {
    const existing = this.records.get(videoId);
    if (!existing || existing.userId !== accepted.userId || existing.status !== 'PROCESSING' || existing.jobId)
      return undefined;
    const written: PipelineVideo = {
      ...existing,
      acceptedSource: accepted.source,
      deadlineAt: accepted.deadlineAt,
      updatedAt: this.stamp(),
    };
    this.records.set(videoId, written);
    return structuredClone(written);
  }

  async recordJobId(videoId: string, jobId: string, deadlineAt?: string): Promise<boolean> {
    const existing = this.records.get(videoId);
    if (!existing || existing.status !== 'PROCESSING' || (existing.jobId !== undefined && existing.jobId !== jobId))
      return false;
    this.records.set(videoId, { ...existing, jobId, deadlineAt, updatedAt: this.stamp() });
    return true;
  }

  async markFailed(videoId: string, failureReason: string): Promise<PipelineVideo | undefined> {
    const existing = this.records.get(videoId);
    if (!existing || existing.status !== 'PROCESSING') return undefined;
    const failed: PipelineVideo = { ...existing, status: 'FAILED', failureReason, updatedAt: this.stamp() };
    delete failed.deadlineAt;
    this.records.set(videoId, failed);
    return structuredClone(failed);
  }

  applyJobTransition(_videoId: string, _transition: JobTransition): Promise<PipelineVideo | undefined> {
    throw new Error('process-upload never applies job events');
  }

  async countProcessing(userId: string): Promise<number> {
    return [...this.records.values()].filter((record) => record.userId === userId && record.status === 'PROCESSING')
      .length;
  }
}

/** Counters with the adapter's rule: an addition past the limit is refused whole; a request id counts once. */
export class MemoryUsageCounter implements UsageCounter {
  readonly counters = new Map<string, { used: number; requests: Set<string> }>();

  async add(increment: UsageIncrement): Promise<UsageCount> {
    const counter = this.counters.get(increment.key) ?? { used: 0, requests: new Set<string>() };
    if (increment.requestId !== undefined && counter.requests.has(increment.requestId))
      return { counted: true, total: counter.used };
    if (counter.used + increment.amount > increment.limit) return { counted: false, total: counter.used };
    counter.used += increment.amount;
    if (increment.requestId !== undefined) counter.requests.add(increment.requestId);
    this.counters.set(increment.key, counter);
    return { counted: true, total: counter.used };
  }
}

/** 2026-12-02 10:00 UTC. */
export const WORLD_NOW = Date.parse('2026-12-02T10:00:00.000Z');

export const HD_FACTS: ProbeFacts = {
  width: 1280,
  height: 720,
  rotation: 0,
  hasAudio: true,
  durationSeconds: 5,
  frameRate: 25,
  videoCodec: 'h264',
};

/** A whole process-upload world: its ports in memory, its jobs recorded. */
export function createPipelineWorld(limits: Partial<PipelineLimits> = {}) {
  const bucket = new MemoryRawBucket();
  const store = new MemoryVideoStore();
  const usage = new MemoryUsageCounter();
  const jobs: CreateJobRequest[] = [];
  const deps = {
    store,
    ownerVideos: store,
    publisher: { publish: jest.fn(async () => undefined) },
    uploads: bucket,
    usage,
    probe: jest.fn((url: string) => bucket.probe(url)),
    createJob: jest.fn(async (request: CreateJobRequest) => {
      jobs.push(request);
      return `job-${jobs.length}`;
    }),
    jobSettings: {
      rawBucket: RAW_BUCKET,
      playbackBucket: 'playback',
      roleArn: 'arn:aws:iam::1:role/mc',
      statusUpdateIntervalSeconds: 10 as const,
    },
    limits: { ...DEFAULT_PIPELINE_LIMITS, ...limits },
    deadlines: { submitMinutes: 15, jobMinutes: 30, perSourceSecond: 3 },
    now: () => WORLD_NOW,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
  } satisfies ProcessUploadDependencies;
  return { bucket, store, usage, jobs, deps };
}
