import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';

// S3's flexible checksums: CRC32, CRC32C, CRC64NVME, SHA1, SHA256, each sent base64 in
// x-amz-checksum-<algorithm> (a header, a trailer of an aws-chunked body, or a POST form field).

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface Checksum {
  algorithm: ChecksumAlgorithm;
  /** base64 of the big-endian digest, as S3 writes it. */
  value: string;
}

export interface StreamingChecksum {
  update(chunk: Buffer): void;
  digest(): string;
}

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

function crc32Table(polynomial: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

// Reflected polynomials: CRC-32 (ISO-HDLC) and CRC-32C (Castagnoli).
const CRC32_TABLE = crc32Table(0xedb88320);
const CRC32C_TABLE = crc32Table(0x82f63b78);

class Crc32 implements StreamingChecksum {
  private crc = 0xffffffff;
  constructor(private readonly table: Uint32Array) {}

  update(chunk: Buffer): void {
    let crc = this.crc;
    const table = this.table;
    // Indexes stay in bounds: i below chunk.length, and a byte-masked index into a 256-entry table.
    for (let i = 0; i < chunk.length; i += 1) crc = table[(crc ^ chunk[i]!) & 0xff]! ^ (crc >>> 8);
    this.crc = crc;
  }

  digest(): string {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.crc ^ 0xffffffff) >>> 0);
    return out.toString('base64');
  }
}

// CRC-64/NVME, reflected polynomial 0x9A6C9329AC4BC9B5, kept as two 32-bit halves so the
// per-byte loop stays in small integers (BigInt would be far slower on a video).
const CRC64_HI = new Uint32Array(256);
const CRC64_LO = new Uint32Array(256);
{
  const polyHi = 0x9a6c9329;
  const polyLo = 0xac4bc9b5;
  for (let n = 0; n < 256; n += 1) {
    let hi = 0;
    let lo = n;
    for (let k = 0; k < 8; k += 1) {
      const lsb = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (lsb) {
        hi = (hi ^ polyHi) >>> 0;
        lo = (lo ^ polyLo) >>> 0;
      }
    }
    CRC64_HI[n] = hi;
    CRC64_LO[n] = lo;
  }
}

class Crc64Nvme implements StreamingChecksum {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(chunk: Buffer): void {
    let { hi, lo } = this;
    for (let i = 0; i < chunk.length; i += 1) {
      // A byte-masked index into the 256-entry tables.
      const index = (lo ^ chunk[i]!) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ CRC64_LO[index]!) >>> 0;
      hi = ((hi >>> 8) ^ CRC64_HI[index]!) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
  }

  digest(): string {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return out.toString('base64');
  }
}

class CryptoChecksum implements StreamingChecksum {
  private readonly hash: Hash;
  constructor(algorithm: 'sha1' | 'sha256') {
    this.hash = createHash(algorithm);
  }
  update(chunk: Buffer): void {
    this.hash.update(chunk);
  }
  digest(): string {
    return this.hash.digest('base64');
  }
}

export function createChecksum(algorithm: ChecksumAlgorithm): StreamingChecksum {
  switch (algorithm) {
    case 'CRC32':
      return new Crc32(CRC32_TABLE);
    case 'CRC32C':
      return new Crc32(CRC32C_TABLE);
    case 'CRC64NVME':
      return new Crc64Nvme();
    case 'SHA1':
      return new CryptoChecksum('sha1');
    case 'SHA256':
      return new CryptoChecksum('sha256');
  }
}

export function computeChecksum(algorithm: ChecksumAlgorithm, data: Buffer): string {
  const checksum = createChecksum(algorithm);
  checksum.update(data);
  return checksum.digest();
}

export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The algorithm an `x-amz-checksum-*` header (or trailer, or form field) names, if any. */
export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const lower = name.toLowerCase();
  return CHECKSUM_ALGORITHMS.find((algorithm) => checksumHeaderName(algorithm) === lower);
}

export function parseChecksumAlgorithm(value: string): ChecksumAlgorithm | undefined {
  return CHECKSUM_ALGORITHMS.find((algorithm) => algorithm === value.toUpperCase());
}

/** A well-formed value: canonical base64 of exactly the algorithm's digest length. */
export function isValidChecksumValue(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === DIGEST_BYTES[algorithm] && bytes.toString('base64') === value;
}
