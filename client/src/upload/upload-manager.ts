import { MultipartUploadJob } from './multipart-upload-job';
import type { MultipartUploadJobOptions } from './multipart-upload-job';
import { PostUploadJob } from './post-upload-job';
import type { FileIdentity, ResumeNote, ResumeNotes } from './resume-notes';
import type { UploadApi } from './upload-api';
import { isInFlight, isOver } from './upload-job';
import type { UploadJob, UploadRequest } from './upload-job';

export interface UploadManagerOptions {
  api: UploadApi;
  notes: ResumeNotes;
  /** Files up to this many bytes go by one presigned POST; larger ones in parts. */
  maxPostBytes: number;
  partOptions?: MultipartUploadJobOptions['partOptions'];
}

/** What the pages show: this tab's uploads, and those an earlier visit left unfinished. */
export interface UploadsSnapshot {
  jobs: readonly UploadJob[];
  interrupted: readonly ResumeNote[];
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;
}

/**
 * The signed-in person's uploads, above the pages: leaving the Upload page does not stop one, and
 * My videos lists them. Listeners hear when the list changes or a job enters another phase.
 */
export class UploadManager {
  readonly #options: UploadManagerOptions;
  readonly #listeners = new Set<() => void>();
  #jobs: readonly UploadJob[] = [];
  #ownerId: string | undefined;
  #snapshot: UploadsSnapshot = { jobs: [], interrupted: [] };

  constructor(options: UploadManagerOptions) {
    this.#options = options;
  }

  get jobs(): readonly UploadJob[] {
    return this.#jobs;
  }

  /** The same object until something changes (for useSyncExternalStore). */
  get snapshot(): UploadsSnapshot {
    return this.#snapshot;
  }

  /** Whether leaving the page now would lose bytes in flight. */
  get bytesInFlight(): boolean {
    return this.#jobs.some((job) => isInFlight(job.state));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * Whose uploads these are. Another person (or nobody) signing in pauses the uploads under way:
   * their parts stay in S3 for their owner to resume, and they leave this list.
   */
  setOwner(ownerId: string | undefined): void {
    if (ownerId === this.#ownerId) return;
    this.#ownerId = ownerId;
    for (const job of this.#jobs) {
      if (job.canPause) job.pause();
      else void job.cancel();
    }
    this.#setJobs([]);
  }

  /** Starts sending the file; with `resumeFrom`, goes on with the multipart upload begun before a reload. */
  start(request: UploadRequest, resumeFrom?: string): UploadJob {
    const { api, notes, maxPostBytes, partOptions } = this.#options;
    const ownerId = this.#ownerId;
    const job =
      request.file.size <= maxPostBytes && !resumeFrom
        ? new PostUploadJob(request, api)
        : new MultipartUploadJob(request, {
            api,
            resumeFrom,
            partOptions,
            notes: {
              save: (note) => {
                if (ownerId) notes.save({ ...note, ownerId });
              },
              remove: (videoId) => notes.remove(videoId),
            },
          });
    let phase = job.state.phase;
    const stopListening = job.subscribe(() => {
      if (job.state.phase === phase) return;
      phase = job.state.phase;
      if (isOver(job.state)) {
        stopListening();
        this.#setJobs(this.#jobs.filter((other) => other !== job));
      } else this.#emit();
    });
    this.#setJobs([...this.#jobs, job]);
    void job.start();
    return job;
  }

  /** A failed job, read and put away. */
  dismiss(job: UploadJob): void {
    this.#setJobs(this.#jobs.filter((other) => other !== job));
  }

  /** The job of this tab already sending this file, if any: the same file is not uploaded twice. */
  jobFor(file: FileIdentity): UploadJob | undefined {
    return this.#jobs.find((job) => job.state.phase !== 'failed' && sameFile(job.request.file, file));
  }

  /** An upload of this file begun in an earlier visit, that picking it again may resume. */
  resumeNoteFor(file: FileIdentity): ResumeNote | undefined {
    if (!this.#ownerId) return undefined;
    const note = this.#options.notes.find(file, this.#ownerId);
    return note && !this.#jobs.some((job) => job.videoId === note.videoId) ? note : undefined;
  }

  /** Uploads begun in an earlier visit and not resumed in this one. */
  #interruptedUploads(): ResumeNote[] {
    if (!this.#ownerId) return [];
    const live = new Set(this.#jobs.map((job) => job.videoId));
    return this.#options.notes.list(this.#ownerId).filter((note) => !live.has(note.videoId));
  }

  /** Forgets an interrupted upload, and asks the server to delete its parts. */
  async discard(note: ResumeNote): Promise<void> {
    this.forget(note);
    await this.#options.api.abortMultipartUpload(note.videoId);
  }

  /** Forgets an interrupted upload the server no longer has. */
  forget(note: ResumeNote): void {
    this.#options.notes.remove(note.videoId);
    this.#emit();
  }

  /** Reads the resume notes again (another tab may have left or finished one). */
  refresh(): void {
    this.#emit();
  }

  #setJobs(jobs: readonly UploadJob[]): void {
    this.#jobs = jobs;
    this.#emit();
  }

  #emit(): void {
    this.#snapshot = { jobs: this.#jobs, interrupted: this.#interruptedUploads() };
    for (const listener of [...this.#listeners]) listener();
  }
}
