import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { S3Error } from './errors';

export interface FormField {
  name: string;
  value: string;
}

export interface FormUpload {
  /** Fields before the file, by lower-cased name (S3 matches field names case-insensitively). */
  fields: Map<string, FormField>;
  file?: { filename: string; size: number; md5: string; contentType?: string };
}

const MAX_FIELDS_BYTES = 64 * 1024;

function malformed(message: string): S3Error {
  return new S3Error('MalformedPOSTRequest', `The body of your POST request is not well-formed multipart/form-data. ${message}`, 400);
}

function headerParameter(headers: string, name: string): string | undefined {
  return new RegExp(`${name}="([^"]*)"`, 'i').exec(headers)?.[1];
}

/**
 * A streaming multipart/form-data reader for S3 browser uploads: fields are read into memory
 * (bounded), the `file` part, which S3 requires last, goes straight to `fileTarget` as it arrives.
 */
export function readFormUpload(req: IncomingMessage, boundary: string, fileTarget: string, maxFileBytes: number): Promise<FormUpload> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields = new Map<string, FormField>();
  // The body starts with `--boundary`; prefixing CRLF makes every part boundary look the same.
  let buffer = Buffer.from('\r\n');
  let fieldBytes = 0;
  let file: { out: ReturnType<typeof createWriteStream>; filename: string; contentType?: string; size: number; md5: ReturnType<typeof createHash> } | undefined;
  let finished = false;

  return new Promise<FormUpload>((resolve, reject) => {
    const fail = (error: unknown) => {
      req.removeAllListeners('data');
      req.resume();
      file?.out.destroy();
      reject(error);
    };

    const writeFile = (chunk: Buffer) => {
      if (!file || chunk.length === 0) return;
      file.size += chunk.length;
      if (file.size > maxFileBytes) throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { MaxSizeAllowed: String(maxFileBytes) });
      file.md5.update(chunk);
      if (!file.out.write(chunk)) {
        req.pause();
        file.out.once('drain', () => req.resume());
      }
    };

    const consume = () => {
      for (;;) {
        if (finished) return;
        if (file) {
          const end = buffer.indexOf(delimiter);
          if (end < 0) {
            // Keep a tail that might be the start of the delimiter.
            const safe = Math.max(0, buffer.length - delimiter.length);
            writeFile(buffer.subarray(0, safe));
            buffer = buffer.subarray(safe);
            return;
          }
          writeFile(buffer.subarray(0, end));
          finished = true;
          return;
        }
        const start = buffer.indexOf(delimiter);
        if (start < 0) return;
        const afterDelimiter = start + delimiter.length;
        if (buffer.length < afterDelimiter + 2) return;
        if (buffer.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') throw malformed('The file field is missing.');
        const headersEnd = buffer.indexOf('\r\n\r\n', afterDelimiter);
        if (headersEnd < 0) return;
        const headers = buffer.subarray(afterDelimiter + 2, headersEnd).toString('utf8');
        const name = headerParameter(headers, 'name');
        if (!name) throw malformed('A part has no name.');
        const bodyStart = headersEnd + 4;
        if (name.toLowerCase() === 'file') {
          file = {
            out: createWriteStream(fileTarget),
            filename: headerParameter(headers, 'filename') ?? '',
            contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1],
            size: 0,
            md5: createHash('md5'),
          };
          buffer = buffer.subarray(bodyStart);
          continue;
        }
        const valueEnd = buffer.indexOf(delimiter, bodyStart);
        if (valueEnd < 0) return;
        const value = buffer.subarray(bodyStart, valueEnd).toString('utf8');
        fieldBytes += value.length + name.length;
        if (fieldBytes > MAX_FIELDS_BYTES) throw malformed('The form fields are too large.');
        fields.set(name.toLowerCase(), { name, value });
        buffer = buffer.subarray(valueEnd);
      }
    };

    req.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        consume();
      } catch (error) {
        fail(error);
      }
    });
    req.on('error', fail);
    req.on('end', () => {
      if (!file || !finished) return fail(malformed(file ? 'The body ended inside the file.' : 'The file field is missing.'));
      const upload = file;
      upload.out.end(() => resolve({ fields, file: { filename: upload.filename, size: upload.size, md5: upload.md5.digest('hex'), contentType: upload.contentType } }));
    });
  });
}
