import { VIDEO_CONTAINERS } from './media-containers';

// The video files an upload may be, by extension, for the web client's picker and check and the
// demo CLI's: taken from the pipeline's container allow-list, so no side offers a file the probe
// would refuse (an Ogg video, say: MediaConvert reads Ogg as audio only).

/** Extension (lower case, with the dot) -> the Content-Type the upload is sent with. */
export const VIDEO_FILE_TYPES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(VIDEO_CONTAINERS.flatMap((container) => Object.entries(container.fileTypes))),
);

/** The kinds of video people may upload, for a sentence: "MP4, MOV, 3GP, MKV, WebM, ... or MPEG-TS". */
export const UPLOADABLE_VIDEO_KINDS: readonly string[] = VIDEO_CONTAINERS.filter(
  (container) => Object.keys(container.fileTypes).length > 0,
).map((container) => container.label);

/** A file name's extension, lower case with the dot; '' when it has none. */
export function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/** The Content-Type of a video file by its name, or undefined when it is not one the pipeline takes. */
export function videoContentTypeOf(fileName: string): string | undefined {
  return VIDEO_FILE_TYPES[extensionOf(fileName)];
}

/** The file input's accept attribute: the extensions, so a picker does not offer other videos. */
export const VIDEO_FILE_ACCEPT = Object.keys(VIDEO_FILE_TYPES).join(',');
