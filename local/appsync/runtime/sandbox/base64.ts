// Base64 and UTF-8 without Buffer, TextEncoder or btoa: none exist inside the sandbox.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function utf8Encode(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return bytes;
}

export function utf8Decode(bytes: number[]): string {
  let text = '';
  let i = 0;
  // A truncated sequence reads its missing continuation bytes as zero bits.
  const continuation = (offset: number) => (bytes[i + offset] ?? 0) & 63;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    let code: number;
    if (byte < 0x80) {
      code = byte;
      i += 1;
    } else if (byte < 0xe0) {
      code = ((byte & 31) << 6) | continuation(1);
      i += 2;
    } else if (byte < 0xf0) {
      code = ((byte & 15) << 12) | (continuation(1) << 6) | continuation(2);
      i += 3;
    } else {
      code = ((byte & 7) << 18) | (continuation(1) << 12) | (continuation(2) << 6) | continuation(3);
      i += 4;
    }
    text += String.fromCodePoint(code);
  }
  return text;
}

/** The base64 digit of the low six bits of `bits`. */
function sextet(bits: number): string {
  return ALPHABET.charAt(bits & 63);
}

export function base64Encode(text: string): string {
  const bytes = utf8Encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += sextet(n >> 18) + sextet(n >> 12);
    out += b === undefined ? '=' : sextet(n >> 6);
    out += c === undefined ? '=' : sextet(n);
  }
  return out;
}

export function base64Decode(encoded: string): string {
  const clean = encoded.replace(/[^A-Za-z0-9+/]/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 4) {
    const chunk = clean.slice(i, i + 4);
    const n = [...chunk].reduce((acc, char) => (acc << 6) | ALPHABET.indexOf(char), 0) << (6 * (4 - chunk.length));
    bytes.push((n >> 16) & 255);
    if (chunk.length > 2) bytes.push((n >> 8) & 255);
    if (chunk.length > 3) bytes.push(n & 255);
  }
  return utf8Decode(bytes);
}
