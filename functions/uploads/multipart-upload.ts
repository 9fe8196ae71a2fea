import type { S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import type {
  CreateUploadPartUrlsInput,
  MultipartUpload,
  StartMultipartUploadInput,
  UploadPartUrl,
} from '../../generated/graphql';
import { partSizeOf, planParts } from '../../common/multipart-parts';
import {
  abortRawMultipartUpload,
  completeRawMultipartUpload,
  createRawMultipartUpload,
  isNoSuchUpload,
  listRawParts,
  signUploadPart,
} from '../lib/adapters/raw-multipart-uploads';
import type { ListedPart, RawMultipartUpload } from '../lib/adapters/raw-multipart-uploads';
import { NotFoundError } from '../lib/errors';
import type { MultipartUploadRecord, MultipartUploadRecords } from '../lib/ports/multipart-upload-records';
import { isVideoId } from '../lib/video-id';
import { lifecycleAbortTime, uploadRecordExpiry } from './abandoned-uploads';
import { assertPartNumbers, partsToComplete } from './part-checks';
import { countTicket } from './ticket-limits';
import type { TicketLimitDependencies } from './ticket-limits';
import { assertUploadable } from './upload-ticket';

// Multipart uploads of files over the POST's limit, owned like a POST upload: the server starts
// the upload with the caller's metadata, keeps S3's uploadId to itself (in a record beside the
// videos) and serves each operation to the caller who started it alone.

export interface MultipartUploadDependencies {
  s3: S3Client;
  /** Signs the part URLs: a client without flexible checksums (see signUploadPart). */
  presigner: S3Client;
  bucket: string;
  records: MultipartUploadRecords;
  /** The largest file a multipart upload allows. */
  maxBytes: number;
  /** How long a part URL works. */
  partUrlTtlSeconds: number;
  ticketLimits: TicketLimitDependencies;
  now?: () => Date;
}

/** Said alike of an upload that is not there and of another user's, so ids of others' leak nothing. */
function notYours(videoId: string): NotFoundError {
  return new NotFoundError(`No multipart upload ${videoId} of yours is in progress.`);
}

export class MultipartUploads {
  constructor(private readonly deps: MultipartUploadDependencies) {}

  /** Validates as createUploadUrl does, counts a ticket, and begins the upload at a new video id. */
  async start(ownerSub: string, input: StartMultipartUploadInput): Promise<MultipartUpload> {
    const { contentType, size } = input;
    // A request no upload would be started for spends none of the caller's tickets.
    assertUploadable({ contentType, size, maxBytes: this.deps.maxBytes });
    await countTicket(ownerSub, this.deps.ticketLimits);
    const videoId = ulid();
    const startedAt = this.now();
    const uploadId = await createRawMultipartUpload(this.deps.s3, {
      bucket: this.deps.bucket,
      videoId,
      contentType,
      ownerSub,
    });
    const record: MultipartUploadRecord = {
      videoId,
      ownerSub,
      uploadId,
      contentType,
      size,
      ...planParts(size),
      startedAt: startedAt.toISOString(),
      expiresAtEpochSeconds: uploadRecordExpiry(startedAt),
    };
    await this.deps.records.create(record);
    return this.view(record, []);
  }

  /** Presigned UploadPart URLs, each signed for its part's exact size. */
  async signPartUrls(ownerSub: string, input: CreateUploadPartUrlsInput): Promise<UploadPartUrl[]> {
    const record = await this.ownUpload(ownerSub, input.videoId);
    assertPartNumbers(input.partNumbers, record.partCount);
    const expiresInSeconds = this.deps.partUrlTtlSeconds;
    const expiresAt = new Date(this.now().getTime() + expiresInSeconds * 1000).toISOString();
    return Promise.all(
      input.partNumbers.map(async (partNumber): Promise<UploadPartUrl> => {
        const size = partSizeOf(record, partNumber);
        const url = await signUploadPart(this.deps.presigner, this.rawUpload(record), {
          partNumber,
          size,
          expiresInSeconds,
        });
        return { __typename: 'UploadPartUrl', partNumber, url, size, expiresAt };
      }),
    );
  }

  /** The caller's upload in progress with the parts S3 holds; null when there is none of theirs. */
  async find(ownerSub: string, videoId: string): Promise<MultipartUpload | null> {
    const record = isVideoId(videoId) ? await this.deps.records.get(videoId) : null;
    if (!record || record.ownerSub !== ownerSub) return null;
    try {
      return this.view(record, await listRawParts(this.deps.s3, this.rawUpload(record)));
    } catch (error) {
      // Swept by the lifecycle rule before its record expired.
      if (isNoSuchUpload(error)) return null;
      throw error;
    }
  }

  /**
   * Completes the caller's upload once S3 holds every planned part at its planned size. Without a
   * record there is nothing to complete (done by an earlier call, or never begun): the owner check
   * that follows in completeMultipartUpload decides on the object itself.
   */
  async complete(ownerSub: string, videoId: string): Promise<{ id: string }> {
    const record = isVideoId(videoId) ? await this.deps.records.get(videoId) : null;
    if (!record) return { id: videoId };
    if (record.ownerSub !== ownerSub) throw notYours(videoId);
    const upload = this.rawUpload(record);
    try {
      const parts = partsToComplete(videoId, record, await listRawParts(this.deps.s3, upload));
      await completeRawMultipartUpload(this.deps.s3, upload, parts);
    } catch (error) {
      // Completed by an earlier call that stopped before forgetting it, or aborted meanwhile: the
      // owner check that follows finds the object, or says there is none.
      if (!isNoSuchUpload(error)) throw error;
    }
    await this.deps.records.delete(videoId);
    return { id: videoId };
  }

  /** Aborts the caller's upload: S3 deletes its parts. */
  async abort(ownerSub: string, videoId: string): Promise<string> {
    const record = await this.ownUpload(ownerSub, videoId);
    await abortRawMultipartUpload(this.deps.s3, this.rawUpload(record));
    await this.deps.records.delete(videoId);
    return videoId;
  }

  private async ownUpload(ownerSub: string, videoId: string): Promise<MultipartUploadRecord> {
    const record = isVideoId(videoId) ? await this.deps.records.get(videoId) : null;
    if (!record || record.ownerSub !== ownerSub) throw notYours(videoId);
    return record;
  }

  private rawUpload(record: MultipartUploadRecord): RawMultipartUpload {
    return { bucket: this.deps.bucket, videoId: record.videoId, uploadId: record.uploadId };
  }

  private view(record: MultipartUploadRecord, parts: ListedPart[]): MultipartUpload {
    return {
      __typename: 'MultipartUpload',
      videoId: record.videoId,
      contentType: record.contentType,
      size: record.size,
      partSize: record.partSize,
      partCount: record.partCount,
      uploadedParts: parts.map((part) => ({
        __typename: 'UploadedPart',
        partNumber: part.partNumber,
        size: part.size,
      })),
      expiresAt: lifecycleAbortTime(new Date(record.startedAt)).toISOString(),
      maxBytes: this.deps.maxBytes,
    };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}
