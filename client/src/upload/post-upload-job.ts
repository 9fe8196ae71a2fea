import { describeError } from '../errors/describe-error';
import type { UploadApi } from './upload-api';
import { BaseUploadJob } from './upload-job';
import type { UploadJob, UploadRequest } from './upload-job';

/** A file up to the POST's limit: ticket, one presigned POST, registration. It cannot pause. */
export class PostUploadJob extends BaseUploadJob implements UploadJob {
  readonly canPause = false;
  #videoId: string | undefined;
  readonly #api: UploadApi;
  readonly #controller = new AbortController();

  constructor(request: UploadRequest, api: UploadApi, clock?: () => number) {
    super(request, clock);
    this.#api = api;
  }

  get videoId(): string | undefined {
    return this.#videoId;
  }

  async start(): Promise<void> {
    const { file, contentType, title, description } = this.request;
    const signal = this.#controller.signal;
    try {
      const ticket = await this.#api.createUploadTicket({ contentType, size: file.size });
      if (signal.aborted) return;
      this.#videoId = ticket.videoId;
      this.beginSending(0);
      await this.#api.postFile({
        url: ticket.url,
        fields: ticket.fields,
        file,
        signal,
        onProgress: (loaded) => this.reportSent(loaded, loaded),
      });
      this.setState({ phase: 'registering' });
      await this.#api.registerVideo({ id: ticket.videoId, title, description });
      this.setState({ phase: 'done', videoId: ticket.videoId });
    } catch (error) {
      if (!signal.aborted) this.setState({ phase: 'failed', message: describeError(error).message });
    }
  }

  pause(): void {}

  resume(): void {}

  /** Nothing to clean up: an unused ticket expires, a POST cut short stores nothing. */
  async cancel(): Promise<void> {
    if (this.state.phase === 'registering' || this.state.phase === 'done') return;
    this.#controller.abort();
    this.setState({ phase: 'cancelled' });
  }
}
