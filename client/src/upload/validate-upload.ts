import { UPLOADABLE_VIDEO_KINDS, videoContentTypeOf } from '../../../common/video-file-types';
import { formatBytes } from '../format';

export interface UploadCandidate {
  name: string;
  size: number;
  /** The browser's MIME type; empty when it does not know the extension. */
  type: string;
}

export type UploadCheck = { ok: true; contentType: string } | { ok: false; message: string };

const KINDS = `${UPLOADABLE_VIDEO_KINDS.slice(0, -1).join(', ')} or ${UPLOADABLE_VIDEO_KINDS.at(-1)}`;

/**
 * Checks a picked file before anything is sent, so a person hears at once what the server would
 * refuse. Its extension decides (browsers' types vary by system, and the pipeline takes the
 * containers of common/media-containers.ts only, whatever the type says). The content type the
 * ticket needs is video/*: the browser's, or the extension's when the browser has none that is.
 */
export function validateUpload(file: UploadCandidate, maxBytes: number): UploadCheck {
  const known = videoContentTypeOf(file.name);
  if (!known) {
    // An Ogg video, say: a video, but not one MediaConvert converts.
    if (file.type.startsWith('video/'))
      return {
        ok: false,
        message: `"${file.name}" is a kind of video videopipe cannot convert (${file.type}); choose a video in ${KINDS}.`,
      };
    const kind = file.type ? `not a video (${file.type})` : 'not a file type videopipe knows';
    return { ok: false, message: `"${file.name}" is ${kind}; choose a video (MP4, MOV, MKV, WebM...).` };
  }
  const contentType = file.type.startsWith('video/') ? file.type : known;
  if (file.size === 0) return { ok: false, message: `"${file.name}" is empty.` };
  if (file.size > maxBytes) {
    // Just over the limit, rounded sizes would read the same ("100 MB; at most 100 MB"): say bytes.
    const [size, limit] =
      formatBytes(file.size) === formatBytes(maxBytes)
        ? [`${file.size.toLocaleString('en')} bytes`, `${maxBytes.toLocaleString('en')} bytes`]
        : [formatBytes(file.size), formatBytes(maxBytes)];
    return { ok: false, message: `"${file.name}" is ${size}; videos can be at most ${limit}.` };
  }
  return { ok: true, contentType };
}

/** A title from a file name: "harbour_at-dawn.mp4" -> "harbour at dawn". */
export function titleFromFileName(name: string): string {
  const base = name
    .replace(/\.[^.]+$/, '')
    .replace(/[_-]+/g, ' ')
    .trim();
  return base || 'Untitled video';
}
