import { trimSamples } from '../../../common/progress-rate';
import { computeTransferProgress } from './upload-progress';
import type { TransferProgress, TransferSample } from './upload-progress';

export type UploadJobState =
  | { phase: 'starting' }
  | { phase: 'uploading'; progress: TransferProgress }
  /** Stopped with what S3 holds kept: by the person, or by a failure that `reason` says. */
  | { phase: 'paused'; progress: TransferProgress; reason?: string }
  | { phase: 'registering' }
  | { phase: 'done'; videoId: string }
  | { phase: 'failed'; message: string }
  | { phase: 'cancelled' };

export type UploadPhase = UploadJobState['phase'];

export interface UploadRequest {
  file: File;
  contentType: string;
  title: string;
  description: string;
}

/** One file on its way: a presigned POST, or a multipart upload that can pause and resume. */
export interface UploadJob {
  /** This tab's name for the job (the video id comes from the API later). */
  readonly id: string;
  readonly request: UploadRequest;
  readonly canPause: boolean;
  readonly state: UploadJobState;
  readonly videoId: string | undefined;
  /** Something the person should know that is not a failure (why a resume started over). */
  readonly notice: string | undefined;
  subscribe(listener: () => void): () => void;
  pause(): void;
  resume(): void;
  cancel(): Promise<void>;
}

/** While these last, bytes or the registration are in flight: leaving the page would lose them. */
export function isInFlight(state: UploadJobState): boolean {
  return state.phase === 'starting' || state.phase === 'uploading' || state.phase === 'registering';
}

/** Over once done or cancelled; a failed job stays until dismissed, to be read. */
export function isOver(state: UploadJobState): boolean {
  return state.phase === 'done' || state.phase === 'cancelled';
}

/** Progress events come many times a second per request; the bar moves a few times a second. */
const PROGRESS_INTERVAL_MS = 200;

let jobCount = 0;

/** State, listeners and the speed's samples: what both kinds of upload share. */
export abstract class BaseUploadJob implements Omit<UploadJob, 'canPause' | 'videoId' | 'pause' | 'resume' | 'cancel'> {
  readonly id = `upload-${(jobCount += 1)}`;
  readonly request: UploadRequest;
  notice: string | undefined;
  readonly #clock: () => number;
  readonly #listeners = new Set<() => void>();
  #state: UploadJobState = { phase: 'starting' };
  #samples: TransferSample[] = [];
  #startedAtMs = 0;
  #shownAtMs = -Infinity;
  #showLater: ReturnType<typeof setTimeout> | undefined;
  #progress: TransferProgress;

  constructor(request: UploadRequest, clock: () => number = () => performance.now()) {
    this.request = request;
    this.#clock = clock;
    this.#progress = computeTransferProgress([], request.file.size);
  }

  get state(): UploadJobState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  protected setState(state: UploadJobState): void {
    this.#state = state;
    for (const listener of [...this.#listeners]) listener();
  }

  protected get progress(): TransferProgress {
    return this.#progress;
  }

  /** A new run of sending begins: its speed is measured afresh, from `loaded` bytes already there. */
  protected beginSending(loaded: number): void {
    this.#samples = [];
    this.#startedAtMs = this.#clock();
    this.#shownAtMs = -Infinity;
    this.#progress = computeTransferProgress([], this.request.file.size, loaded);
  }

  /**
   * `sent` bytes have crossed the wire in this run, `loaded` of the file have arrived or are on
   * their way. Shown while uploading; kept (for a pause's bar) otherwise.
   */
  protected reportSent(sent: number, loaded: number): void {
    const now = this.#clock();
    const total = this.request.file.size;
    this.#samples.push({ atMs: now - this.#startedAtMs, value: sent });
    trimSamples(this.#samples);
    this.#progress = computeTransferProgress(this.#samples, total, Math.min(loaded, total));
    this.#show(loaded >= total);
  }

  /** Shows the progress now, or at the end of the interval (so the last event of a burst shows too). */
  #show(now: boolean): void {
    const phase = this.#state.phase;
    if (phase !== 'starting' && phase !== 'uploading') return;
    const waitMs = this.#shownAtMs + PROGRESS_INTERVAL_MS - this.#clock();
    if (phase === 'uploading' && waitMs > 0 && !now) {
      this.#showLater ??= setTimeout(() => {
        this.#showLater = undefined;
        this.#show(true);
      }, waitMs);
      return;
    }
    clearTimeout(this.#showLater);
    this.#showLater = undefined;
    this.#shownAtMs = this.#clock();
    this.setState({ phase: 'uploading', progress: this.#progress });
  }
}
