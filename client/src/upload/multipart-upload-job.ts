import { bytesHeld } from '../../../common/multipart-parts';
import { describeError } from '../errors/describe-error';
import { isRetryable, UploadGoneError } from './errors';
import type { ResumeNote } from './resume-notes';
import { sendMissingParts } from './send-parts';
import type { SendPartsOptions } from './send-parts';
import type { MultipartUploadInfo, UploadApi } from './upload-api';
import { BaseUploadJob } from './upload-job';
import type { UploadJob, UploadRequest } from './upload-job';

/** Where a multipart job keeps what a reloaded tab needs to offer resuming it. */
export interface ResumeNoteBook {
  save(note: Omit<ResumeNote, 'ownerId'>): void;
  remove(videoId: string): void;
}

export interface MultipartUploadJobOptions {
  api: UploadApi;
  notes: ResumeNoteBook;
  /** The video id of an upload begun before a reload, to go on with rather than start. */
  resumeFrom?: string;
  /** The part queue's tuning and clocks, for tests. */
  partOptions?: Pick<SendPartsOptions, 'concurrency' | 'retry' | 'wait' | 'random'>;
  clock?: () => number;
}

export const STARTED_OVER_NOTICE =
  'The earlier upload of this file is no longer on the server (unfinished uploads are kept for a day, or it was cancelled), so it started over.';

/**
 * A file over the POST's limit, sent in parts. Pause aborts the parts in flight; resume asks the
 * API which parts S3 holds and sends the others, as a reloaded tab does with `resumeFrom`. An
 * upload the server no longer has starts over, once, saying so.
 */
export class MultipartUploadJob extends BaseUploadJob implements UploadJob {
  readonly canPause = true;
  readonly #options: MultipartUploadJobOptions;
  /** The upload as last heard from the API; undefined until started or found. */
  #upload: MultipartUploadInfo | undefined;
  #resumeFrom: string | undefined;
  /** Every part is in S3: what is left is completing (which may be asked again safely). */
  #partsSent = false;
  #controller = new AbortController();

  constructor(request: UploadRequest, options: MultipartUploadJobOptions) {
    super(request, options.clock);
    this.#options = options;
    this.#resumeFrom = options.resumeFrom;
  }

  get videoId(): string | undefined {
    return this.#upload?.videoId ?? this.#resumeFrom;
  }

  start(): Promise<void> {
    return this.#run();
  }

  pause(): void {
    if (this.state.phase !== 'starting' && this.state.phase !== 'uploading') return;
    this.#controller.abort();
    this.setState({ phase: 'paused', progress: this.progress });
  }

  resume(): void {
    if (this.state.phase === 'paused') void this.#run();
  }

  /** Stops and deletes the parts S3 holds (abortMultipartUpload); the lifecycle rule would, in a day. */
  async cancel(): Promise<void> {
    if (this.state.phase === 'registering' || this.state.phase === 'done' || this.state.phase === 'cancelled') return;
    this.#controller.abort();
    this.setState({ phase: 'cancelled' });
    await this.#discard();
  }

  async #run(): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    // A pause or a cancel took over the state: this run only stops.
    const stopped = () => controller.signal.aborted;
    const { api } = this.#options;
    let begunNow = false;
    try {
      if (!this.#partsSent) {
        this.setState(this.#upload ? { phase: 'uploading', progress: this.progress } : { phase: 'starting' });
        begunNow = this.videoId === undefined;
        const upload = await this.#locate();
        if (stopped()) {
          if (this.state.phase === 'cancelled') await this.#discard();
          return;
        }
        this.beginSending(bytesHeld(upload, upload.uploadedParts));
        await sendMissingParts({
          ...this.#options.partOptions,
          file: this.request.file,
          plan: upload,
          uploadedParts: upload.uploadedParts,
          transport: api,
          signal: controller.signal,
          onProgress: (progress) => this.reportSent(progress.sent, progress.loaded),
        });
        this.#partsSent = true;
      }
      this.setState({ phase: 'registering' });
      const { title, description } = this.request;
      const videoId = this.#upload!.videoId;
      await api.completeMultipartUpload({ id: videoId, title, description });
      this.#options.notes.remove(videoId);
      this.setState({ phase: 'done', videoId });
    } catch (error) {
      if (stopped()) {
        // The bar as the pause left it: only what S3 holds.
        if (this.state.phase === 'paused') this.setState({ ...this.state, progress: this.progress });
        return;
      }
      if (error instanceof UploadGoneError && !begunNow) return this.#startOver();
      // Completion refused by the server: some part is not as planned, so look at the parts again.
      // Completion that got no answer may have completed: asking again is safe and registers it.
      if (this.#partsSent && !isRetryable(error)) this.#partsSent = false;
      const reason = describeError(error).message;
      this.setState(
        this.#upload ? { phase: 'paused', progress: this.progress, reason } : { phase: 'failed', message: reason },
      );
    }
  }

  /** The upload to go on with: the one begun before (as S3 holds it now), or a new one. */
  async #locate(): Promise<MultipartUploadInfo> {
    const { api, notes } = this.#options;
    const { file, title, description } = this.request;
    const known = this.videoId;
    if (known) {
      const found = await api.findMultipartUpload(known);
      if (!found || found.size !== file.size) throw new UploadGoneError();
      this.#upload = found;
      return found;
    }
    const upload = await api.startMultipartUpload({ contentType: this.request.contentType, size: file.size });
    this.#upload = upload;
    notes.save({
      videoId: upload.videoId,
      title,
      description,
      file: { name: file.name, size: file.size, lastModified: file.lastModified },
      expiresAt: upload.expiresAt,
    });
    return upload;
  }

  async #startOver(): Promise<void> {
    const gone = this.videoId;
    if (gone) this.#options.notes.remove(gone);
    this.#upload = undefined;
    this.#resumeFrom = undefined;
    this.#partsSent = false;
    this.notice = STARTED_OVER_NOTICE;
    this.beginSending(0);
    return this.#run();
  }

  async #discard(): Promise<void> {
    const videoId = this.videoId;
    if (!videoId) return;
    this.#options.notes.remove(videoId);
    try {
      await this.#options.api.abortMultipartUpload(videoId);
    } catch {
      // Said, not thrown: the person cancelled, and the lifecycle rule deletes the parts in a day.
      this.notice =
        'The upload was stopped, but the server could not be told to delete its parts yet; it will within a day.';
      this.setState({ phase: 'cancelled' });
    }
  }
}
