import { formBoundary, MAX_PRE_DATA_BYTES, readMultipartForm } from '../../../../local/s3/form-data';
import type { FilePart, FormField } from '../../../../local/s3/form-data';

const boundary = '----videopipe7MA4YWxkTrZu0gW';
const part = (name: string, value: string, extra = '') =>
  `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;

async function read(body: string | Buffer, pieceSize = body.length) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += pieceSize) pieces.push(bytes.subarray(i, i + pieceSize));
  const file: Buffer[] = [];
  const seen: Array<{ fields: FormField[]; part: FilePart }> = [];
  const form = await readMultipartForm(
    (async function* () {
      yield* pieces;
    })(),
    boundary,
    async (fields, filePart) => {
      seen.push({ fields: [...fields], part: filePart });
      return { write: async (chunk: Buffer) => void file.push(Buffer.from(chunk)) };
    },
  );
  return { form, file: Buffer.concat(file), seen };
}

describe('readMultipartForm', () => {
  const content = Buffer.from(`binary \r\n--${boundary.slice(0, 10)} not a boundary \r\n\r\n end`);
  const body = Buffer.concat([
    Buffer.from(
      part('key', 'uploads/${filename}') +
        part('X-Amz-Date', '20260101T000000Z') +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="C:\\clips\\a.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n${part('after', 'ignored')}--${boundary}--\r\n`),
  ]);

  test.each([1, 2, 3, 17, 64, 1000, body.length])(
    'fields before the file, the file streamed whole, fields after it ignored (pieces of %d bytes)',
    async (piece) => {
      const { form, file, seen } = await read(body, piece);
      expect(form.fields).toEqual([
        { name: 'key', value: 'uploads/${filename}' },
        { name: 'X-Amz-Date', value: '20260101T000000Z' },
      ]);
      expect(form.file).toEqual({
        name: 'file',
        filename: 'C:\\clips\\a.mp4',
        contentType: 'video/mp4',
        size: content.length,
      });
      expect(file.equals(content)).toBe(true);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.fields).toHaveLength(2);
    },
  );

  test('a preamble, transport padding and a File part name in other case are fine', async () => {
    const text = `preamble\r\n--${boundary}  \r\nContent-Disposition: form-data; name="File"; filename="x"\r\n\r\nabc\r\n--${boundary}--`;
    const { form, file } = await read(text);
    expect(form.file?.size).toBe(3);
    expect(file.toString()).toBe('abc');
  });

  test("no file, a cut-off body, a nameless part, and fields beyond S3's 20 KB", async () => {
    expect((await read(`${part('key', 'k')}--${boundary}--\r\n`)).form.file).toBeUndefined();
    await expect(
      read(`${part('key', 'k')}--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc`),
    ).rejects.toMatchObject({ code: 'MalformedPOSTRequest' });
    await expect(
      read(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${boundary}--`),
    ).rejects.toMatchObject({ code: 'MalformedPOSTRequest' });
    await expect(read(`${part('key', 'k'.repeat(MAX_PRE_DATA_BYTES))}--${boundary}--`, 4096)).rejects.toMatchObject({
      code: 'MaxPostPreDataLengthExceeded',
    });
  });

  test('the boundary from the Content-Type, quoted or not', () => {
    expect(formBoundary(`multipart/form-data; boundary=${boundary}`)).toBe(boundary);
    expect(formBoundary('multipart/form-data; boundary="a b"; charset=utf-8')).toBe('a b');
    expect(formBoundary('multipart/form-data')).toBeUndefined();
  });
});
