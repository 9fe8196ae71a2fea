import { partSizeOf, planParts } from '../../common/multipart-parts';
import type { UploadApi, MultipartUploadInfo, VideoInput } from '../../client/src/upload/upload-api';
import type { PostUploadOptions } from '../../client/src/upload/post-upload';
import { FakePartTransport } from './fake-part-transport';

interface FakeMultipartUpload {
  videoId: string;
  size: number;
  over: boolean;
}

/**
 * The API and S3 in memory, for uploads end to end in a test: multipart uploads remember their
 * parts (FakePartTransport holds each PUT for the test to end), POSTs go through at once.
 */
export class FakeUploadApi extends FakePartTransport implements UploadApi {
  /** Every API call, by name and video id, in order. */
  readonly calls: string[] = [];
  readonly uploads = new Map<string, FakeMultipartUpload>();
  readonly registered: VideoInput[] = [];
  /** The next completeMultipartUpload fails with this, once. */
  completeFailure: Error | undefined;
  #count = 0;

  async createUploadTicket(input: { contentType: string; size: number }) {
    this.calls.push(`createUploadTicket ${input.size}`);
    return { videoId: this.#nextId(), url: 'https://raw.example/', fields: { key: 'k' } };
  }

  async postFile(options: PostUploadOptions): Promise<void> {
    this.calls.push('postFile');
    options.onProgress(options.file.size);
  }

  async registerVideo(input: VideoInput): Promise<void> {
    this.calls.push(`registerVideo ${input.id}`);
    this.registered.push(input);
  }

  async startMultipartUpload(input: { contentType: string; size: number }): Promise<MultipartUploadInfo> {
    const videoId = this.#nextId();
    this.calls.push(`startMultipartUpload ${videoId}`);
    this.uploads.set(videoId, { videoId, size: input.size, over: false });
    return this.#info(videoId);
  }

  async findMultipartUpload(videoId: string): Promise<MultipartUploadInfo | null> {
    this.calls.push(`findMultipartUpload ${videoId}`);
    const upload = this.uploads.get(videoId);
    return upload && !upload.over ? this.#info(videoId) : null;
  }

  override async signParts(videoId: string, partNumbers: number[]) {
    this.calls.push(`signParts ${videoId} ${partNumbers.join(',')}`);
    return super.signParts(videoId, partNumbers);
  }

  async completeMultipartUpload(input: VideoInput): Promise<void> {
    this.calls.push(`completeMultipartUpload ${input.id}`);
    const failure = this.completeFailure;
    this.completeFailure = undefined;
    if (failure) throw failure;
    this.uploads.get(input.id)!.over = true;
    this.registered.push(input);
  }

  async abortMultipartUpload(videoId: string): Promise<void> {
    this.calls.push(`abortMultipartUpload ${videoId}`);
    const upload = this.uploads.get(videoId);
    if (upload) upload.over = true;
  }

  /** The server forgets the upload (the lifecycle rule swept it). */
  expire(videoId: string): void {
    this.uploads.get(videoId)!.over = true;
  }

  #nextId(): string {
    this.#count += 1;
    return `01VIDEO${this.#count}`;
  }

  #info(videoId: string): MultipartUploadInfo {
    const { size } = this.uploads.get(videoId)!;
    const plan = { size, ...planParts(size) };
    const held = [...(this.storedBy.get(videoId) ?? [])].sort((a, b) => a - b);
    return {
      videoId,
      ...plan,
      uploadedParts: held.map((partNumber) => ({ partNumber, size: partSizeOf(plan, partNumber) })),
      expiresAt: '2999-01-01T00:00:00.000Z',
    };
  }
}
