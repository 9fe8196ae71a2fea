import { formatBytes } from '../format';

/** What the pipeline can take: anything ffprobe reads as video, which the browser labels video/*. */
const VIDEO_EXTENSIONS = [
  'mp4',
  'm4v',
  'mov',
  'mkv',
  'webm',
  'avi',
  'mpg',
  'mpeg',
  'ts',
  'mts',
  'm2ts',
  'wmv',
  'flv',
  '3gp',
  'ogv',
];

export interface UploadCandidate {
  name: string;
  size: number;
  /** The browser's MIME type; empty when it does not know the extension. */
  type: string;
}

export type UploadCheck = { ok: true; contentType: string } | { ok: false; message: string };

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * Checks a picked file before anything is sent, so a person hears at once what the server would
 * refuse. The content type the ticket needs is video/*: taken from the browser, or from the
 * extension when the browser has none (e.g. .mkv on some systems).
 */
export function validateUpload(file: UploadCandidate, maxBytes: number): UploadCheck {
  const extension = extensionOf(file.name);
  const contentType = file.type.startsWith('video/')
    ? file.type
    : !file.type && VIDEO_EXTENSIONS.includes(extension)
      ? `video/${extension === 'mov' ? 'quicktime' : extension}`
      : '';
  if (!contentType) {
    const kind = file.type ? `not a video (${file.type})` : 'not a file type videopipe knows';
    return { ok: false, message: `"${file.name}" is ${kind}; choose a video (MP4, MOV, MKV, WebM...).` };
  }
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
