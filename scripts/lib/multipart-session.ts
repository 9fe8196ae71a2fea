import { print } from 'graphql';
import { VideoDocument } from '../../generated/client-operations';
import type { VideoQuery } from '../../generated/client-operations';
import { GraphQLRequestError } from './graphql-request';
import { abortMultipartUpload, findMultipartUpload, startMultipartUpload } from './multipart-api';
import type { Api, MultipartUploadState } from './multipart-api';
import { isSameFile } from './resume-notes';
import type { ResumeNotes } from './resume-notes';
import type { VideoFile } from './video-file';
import { CliError } from './cli-error';

// The demo's multipart upload of a file: resumed when an earlier run left a note for this very
// file and S3 still holds the upload, else begun afresh with a note, so a rerun can resume it.

export interface SessionOptions {
  api: Api;
  notes: ResumeNotes;
  file: VideoFile;
  say: (line: string) => void;
}

const OWN_VIDEO = print(VideoDocument);

/** What an earlier, interrupted run left: an upload to go on with, or one that was completed after all. */
export type Resumption = { upload: MultipartUploadState } | { registeredVideoId: string };

/** The interrupted upload of this file, if there is one to go on with; says what it found either way. */
export async function resumeInterruptedUpload(options: SessionOptions): Promise<Resumption | undefined> {
  const { api, notes, file, say } = options;
  const note = notes.read(file.path);
  if (!note) return undefined;
  if (!isSameFile(note, file)) {
    notes.remove(file.path);
    // Its parts are of the file as it was: no use now. The bucket's lifecycle rule would abort it after a day.
    await abortMultipartUpload(api, note.videoId).catch(() => undefined);
    say(`${file.name} changed since its upload was interrupted; starting over.`);
    return undefined;
  }
  const upload = await findMultipartUpload(api, note.videoId);
  if (!upload) {
    notes.remove(file.path);
    // Stopped after the completion went through but before its answer came back.
    const video = (await api<VideoQuery>(OWN_VIDEO, { id: note.videoId })).getVideo;
    if (video) {
      say(`${file.name} was uploaded and registered as video ${video.id} (${video.status}) before the run stopped.`);
      return { registeredVideoId: video.id };
    }
    say(
      `The interrupted upload of ${file.name} (video ${note.videoId}) is gone (completed, aborted, or expired after a day); starting over.`,
    );
    return undefined;
  }
  say(`resuming: ${upload.uploadedParts.length} of ${upload.partCount} parts already uploaded`);
  return { upload };
}

/** A new multipart upload of the file, noted for a rerun before any byte is sent. */
export async function startNewMultipartUpload(options: Omit<SessionOptions, 'say'>): Promise<MultipartUploadState> {
  const { api, notes, file } = options;
  let upload: MultipartUploadState;
  try {
    upload = await startMultipartUpload(api, { contentType: file.contentType, size: file.size });
  } catch (error) {
    // The API's refusals (over the limit, not a video type, too many uploads) are already sentences.
    if (error instanceof GraphQLRequestError) throw new CliError(`${file.name} cannot be uploaded: ${error.message}`);
    throw error;
  }
  notes.save({
    path: file.path,
    size: file.size,
    mtimeMs: file.mtimeMs,
    videoId: upload.videoId,
    startedAt: new Date().toISOString(),
  });
  return upload;
}
