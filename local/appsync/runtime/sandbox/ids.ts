// autoId / autoUlid / autoKsuid, from Math.random and Date: the sandbox has no crypto module.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** KSUID's epoch: 2014-05-13T16:53:20Z. */
const KSUID_EPOCH_SECONDS = 1400000000;

function randomBytes(count: number): number[] {
  return Array.from({ length: count }, () => Math.floor(Math.random() * 256));
}

export function uuidV4(): string {
  const bytes = randomBytes(16);
  // The version (4) and variant (10xx) bits; bytes 6 and 8 exist in these 16.
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function ulid(now = Date.now()): string {
  let time = '';
  let remaining = now;
  for (let i = 0; i < 10; i += 1) {
    time = CROCKFORD[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  const random = Array.from({ length: 16 }, () => CROCKFORD[Math.floor(Math.random() * 32)]).join('');
  return time + random;
}

/** 20 bytes (4 of seconds since the KSUID epoch, 16 random) as 27 base62 characters. */
export function ksuid(now = Date.now()): string {
  const seconds = Math.floor(now / 1000) - KSUID_EPOCH_SECONDS;
  const bytes = [
    (seconds >>> 24) & 255,
    (seconds >>> 16) & 255,
    (seconds >>> 8) & 255,
    seconds & 255,
    ...randomBytes(16),
  ];
  let value = bytes.reduce((acc, byte) => acc * BigInt(256) + BigInt(byte), BigInt(0));
  let out = '';
  while (value > BigInt(0)) {
    out = BASE62[Number(value % BigInt(62))] + out;
    value /= BigInt(62);
  }
  return out.padStart(27, '0');
}
