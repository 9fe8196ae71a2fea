import { S3Error } from './errors';

// A streaming multipart/form-data reader (RFC 7578 over RFC 2046) for S3 browser uploads. The
// fields before the file are small and kept; the file part, which S3 wants last, goes to a sink
// as it arrives, so a video never sits in memory. What follows the file is ignored, as on S3.

export interface FormField {
  /** The name as sent. */
  name: string;
  value: string;
}

export interface FilePart {
  name: string;
  /** The filename parameter, if the part has one ('' when the browser sent an empty one). */
  filename?: string;
  contentType?: string;
}

export interface FileSink {
  /** Resolves when the sink can take more (backpressure reaches the socket through this). */
  write(chunk: Buffer): Promise<void>;
}

export interface FormUpload {
  fields: FormField[];
  file?: FilePart & { size: number };
}

/** S3: "The form data and boundaries (excluding the contents of the file) cannot exceed 20KB." */
export const MAX_PRE_DATA_BYTES = 20480;

export const malformedPost = () =>
  new S3Error('MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.', 400);
const preDataTooLarge = () =>
  // S3's wording, spelling included.
  new S3Error(
    'MaxPostPreDataLengthExceeded',
    'Your POST request fields preceeding the upload file was too large.',
    400,
    { MaxPostPreDataLengthBytes: String(MAX_PRE_DATA_BYTES) },
  );

/** The boundary of a multipart/form-data Content-Type, or undefined when there is none. */
export function formBoundary(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary && boundary.length <= 70 ? boundary : undefined;
}

/** `form-data; name="a"; filename="b"` into its type and parameters (names lower-cased). */
function parseDisposition(value: string): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  let i = value.indexOf(';');
  const type = (i < 0 ? value : value.slice(0, i)).trim().toLowerCase();
  while (i >= 0 && i < value.length) {
    i += 1;
    while (value[i] === ' ' || value[i] === '\t') i += 1;
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const name = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    let parameter = '';
    if (value[j] === '"') {
      // Browsers send names as they are, only '"', CR and LF percent-encoded (WHATWG): a
      // backslash is a character (a Windows path), not an escape.
      const close = value.indexOf('"', j + 1);
      parameter = value.slice(j + 1, close < 0 ? value.length : close);
      j = close < 0 ? value.length : close + 1;
    } else {
      const end = value.indexOf(';', j);
      parameter = value.slice(j, end < 0 ? value.length : end).trim();
      j = end < 0 ? value.length : end;
    }
    params.set(name, parameter);
    i = value.indexOf(';', j);
  }
  return { type, params };
}

interface PartHeaders {
  name: string;
  isFile: boolean;
  filename?: string;
  contentType?: string;
}

function parsePartHeaders(block: string): PartHeaders {
  let disposition: ReturnType<typeof parseDisposition> | undefined;
  let contentType: string | undefined;
  for (const line of block.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformedPost();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = parseDisposition(value);
    else if (name === 'content-type') contentType = value;
  }
  const name = disposition?.params.get('name');
  if (!disposition || name === undefined) throw malformedPost();
  // Only a form-data part named "file" is the file; any other part is a field (S3 counts it so).
  return {
    name,
    isFile: disposition.type === 'form-data' && name.toLowerCase() === 'file',
    filename: disposition.params.get('filename'),
    contentType,
  };
}

type State = 'preamble' | 'after-boundary' | 'headers' | 'field' | 'file' | 'after-file' | 'end';

/**
 * Reads a form from `body`. `onFile` is called when the file part begins, with every field
 * before it: it may refuse the upload (throw) before a byte of the file is stored, or return the
 * sink the file goes to.
 */
export async function readMultipartForm(
  body: AsyncIterable<Buffer>,
  boundary: string,
  onFile: (fields: FormField[], file: FilePart) => Promise<FileSink>,
): Promise<FormUpload> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields: FormField[] = [];
  let file: (FilePart & { size: number }) | undefined;
  let sink: FileSink | undefined;
  let part: PartHeaders | undefined;
  // Asserted, not annotated: the steps change it in a closure flow analysis cannot follow.
  let state = 'preamble' as State;
  // A CRLF in front makes the first boundary look like every other delimiter.
  let buffer: Buffer = Buffer.from('\r\n');
  let preData = -2;

  const consume = (bytes: number) => {
    if (state !== 'file') {
      preData += bytes;
      if (preData > MAX_PRE_DATA_BYTES) throw preDataTooLarge();
    }
    buffer = buffer.subarray(bytes);
  };
  const checkPreData = () => {
    if (preData + buffer.length > MAX_PRE_DATA_BYTES) throw preDataTooLarge();
  };

  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble': {
        const at = buffer.indexOf(delimiter);
        if (at < 0) return false;
        consume(at + delimiter.length);
        state = 'after-boundary';
        return true;
      }
      case 'after-boundary': {
        if (buffer.length < 2) return false;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
          state = 'end';
          return true;
        }
        const crlf = buffer.indexOf('\r\n');
        if (crlf < 0) return false;
        // Transport padding (spaces and tabs) may sit between the boundary and its CRLF.
        if (!/^[ \t]*$/.test(buffer.subarray(0, crlf).toString('latin1'))) throw malformedPost();
        consume(crlf + 2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        const end = buffer.subarray(0, 2).toString('latin1') === '\r\n' ? 0 : buffer.indexOf('\r\n\r\n');
        if (end < 0) return false;
        part = parsePartHeaders(buffer.subarray(0, end).toString('utf8'));
        consume(end === 0 ? 2 : end + 4);
        if (part.isFile) {
          file = { name: part.name, filename: part.filename, contentType: part.contentType, size: 0 };
          sink = await onFile(fields, file);
          state = 'file';
        } else {
          state = 'field';
        }
        return true;
      }
      case 'field': {
        const at = buffer.indexOf(delimiter);
        if (at < 0) return false;
        fields.push({ name: part!.name, value: buffer.subarray(0, at).toString('utf8') });
        consume(at + delimiter.length);
        state = 'after-boundary';
        return true;
      }
      case 'file': {
        const at = buffer.indexOf(delimiter);
        // Keep a tail that could be the start of the delimiter; write everything before it.
        const writable = at >= 0 ? at : Math.max(0, buffer.length - delimiter.length + 1);
        if (writable > 0) {
          const data = buffer.subarray(0, writable);
          buffer = buffer.subarray(writable);
          file!.size += data.length;
          await sink!.write(data);
        }
        if (at < 0) return false;
        state = 'after-file';
        return true;
      }
      case 'after-file':
      case 'end':
        buffer = Buffer.alloc(0);
        return false;
    }
  };

  const current = (): State => state;
  for await (const chunk of body) {
    if (state === 'after-file' || state === 'end') continue;
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    while (await step());
    if (!['file', 'after-file', 'end'].includes(current())) checkPreData();
  }
  // A body that stops inside a part, or before its closing boundary, is not a whole form.
  if (current() !== 'after-file' && current() !== 'end') throw malformedPost();
  return { fields, file: current() === 'after-file' ? file : undefined };
}
