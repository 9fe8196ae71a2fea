import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ChunkSigner, deriveSigningKey } from '../../../../local/sigv4';
import { AwsChunkedDecoder } from '../../../../local/s3/aws-chunked';
import { computeChecksum } from '../../../../local/s3/checksums';

// AWS's two chunked-upload examples: 65,536 + 1,024 bytes of 'a', signed from the seed signature,
// once plain and once with a signed CRC32C trailer.
const key = deriveSigningKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20130524', 'us-east-1', 's3');
const signer = (seed: string) => new ChunkSigner(key, '20130524T000000Z', '20130524/us-east-1/s3/aws4_request', seed);
const a = (n: number) => 'a'.repeat(n);
const plain =
  `10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n${a(65536)}\r\n` +
  `400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n${a(1024)}\r\n` +
  '0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n';
const withTrailer =
  `10000;chunk-signature=b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2\r\n${a(65536)}\r\n` +
  `400;chunk-signature=1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7\r\n${a(1024)}\r\n` +
  '0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n' +
  'x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n';

async function decode(body: string, decoder: AwsChunkedDecoder, piece: number): Promise<Buffer> {
  const bytes = Buffer.from(body, 'latin1');
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += piece) pieces.push(bytes.subarray(i, i + piece));
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), decoder, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return Buffer.concat(out);
}

describe('AwsChunkedDecoder', () => {
  test.each([1, 7, 100, 4096, 70000])(
    "decodes AWS's signed example whatever the network's piece size (%d bytes)",
    async (piece) => {
      const decoder = new AwsChunkedDecoder({
        signer: signer('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
        trailer: false,
      });
      expect((await decode(plain, decoder, piece)).toString()).toBe(a(66560));
      expect(decoder.decodedBytes).toBe(66560);
    },
  );

  test("decodes AWS's signed example with a signed CRC32C trailer, which matches the data", async () => {
    const decoder = new AwsChunkedDecoder({
      signer: signer('106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e'),
      trailer: true,
    });
    expect((await decode(withTrailer, decoder, 1000)).length).toBe(66560);
    expect(decoder.trailers.get('x-amz-checksum-crc32c')).toBe('sOO8/Q==');
    expect(computeChecksum('CRC32C', Buffer.from(a(66560)))).toBe('sOO8/Q==');
  });

  test('refuses a changed byte, a wrong seed, a forged trailer and a missing chunk signature', async () => {
    const flipped = plain.slice(0, 5000) + 'b' + plain.slice(5001);
    await expect(
      decode(
        flipped,
        new AwsChunkedDecoder({
          signer: signer('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
          trailer: false,
        }),
        4096,
      ),
    ).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    await expect(
      decode(
        plain,
        new AwsChunkedDecoder({
          signer: signer('106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e'),
          trailer: false,
        }),
        4096,
      ),
    ).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    const forged = withTrailer.replace('sOO8/Q==', 'AAAAAA==');
    await expect(
      decode(
        forged,
        new AwsChunkedDecoder({
          signer: signer('106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e'),
          trailer: true,
        }),
        4096,
      ),
    ).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    const unsignedChunk = plain.replace(/^10000;chunk-signature=[0-9a-f]+/, '10000');
    await expect(
      decode(
        unsignedChunk,
        new AwsChunkedDecoder({
          signer: signer('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9'),
          trailer: false,
        }),
        4096,
      ),
    ).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  test('unsigned with a trailer (what SDK v3 sends by default), and bodies that stop short or lie about their sizes', async () => {
    const decoder = new AwsChunkedDecoder({ trailer: true });
    expect(
      (await decode('6\r\nhello \r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n', decoder, 3)).toString(),
    ).toBe('hello world');
    expect(decoder.trailers.get('x-amz-checksum-crc32')).toBe('DUoRhQ==');
    await expect(decode('6\r\nhello \r\n5\r\nwor', new AwsChunkedDecoder({ trailer: true }), 3)).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
    await expect(decode('3\r\nhello\r\n0\r\n\r\n', new AwsChunkedDecoder({ trailer: false }), 3)).rejects.toMatchObject(
      { code: 'InvalidRequest' },
    );
    await expect(
      decode('zz\r\nhello\r\n0\r\n\r\n', new AwsChunkedDecoder({ trailer: false }), 3),
    ).rejects.toMatchObject({ code: 'InvalidRequest' });
  });
});
