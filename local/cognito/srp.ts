import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

// The server's half of Cognito's SRP-6a (the PASSWORD_VERIFIER challenge), computed exactly as
// Cognito's clients compute theirs (Amplify, amazon-cognito-identity-js): the RFC 5054 3072-bit
// group with g = 2, SHA-256 over the padded hex of each number, and a 16-byte HKDF key
// ("Caldera Derived Key") that signs the pool name, the user, the SECRET_BLOCK and the TIMESTAMP.

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

export const SRP_N = BigInt(`0x${N_HEX}`);
export const SRP_G = 2n;

/** Even-length hex with a leading 00 when the top bit is set: Java's BigInteger.toByteArray in hex. */
export function padHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

function hashOfHex(hex: string): bigint {
  return BigInt(`0x${createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex')}`);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let square = base % modulus;
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
}

const SRP_K = hashOfHex(padHex(SRP_N) + padHex(SRP_G));

function randomBigInt(bytes: number): bigint {
  return BigInt(`0x${randomBytes(bytes).toString('hex')}`);
}

/** The pool's name in SRP: the part of the pool id after the region (us-east-1_AbCdEf123 -> AbCdEf123). */
export function srpPoolName(userPoolId: string): string {
  return userPoolId.split('_')[1] ?? '';
}

export interface SrpVerifier {
  /** Hex, as the SALT challenge parameter carries it. */
  salt: string;
  /** g^x mod N in hex, x the salted hash of pool name, user and password. */
  verifier: string;
}

function passwordExponent(poolName: string, userIdForSrp: string, password: string, salt: string): bigint {
  const identity = createHash('sha256').update(`${poolName}${userIdForSrp}:${password}`, 'utf8').digest('hex');
  return hashOfHex(padHex(BigInt(`0x${salt}`)) + identity);
}

/** What the pool keeps instead of a password: a fresh salt and the SRP verifier of the password. */
export function computeSrpVerifier(poolName: string, userIdForSrp: string, password: string): SrpVerifier {
  const salt = randomBytes(16).toString('hex');
  return {
    salt,
    verifier: modPow(SRP_G, passwordExponent(poolName, userIdForSrp, password, salt), SRP_N).toString(16),
  };
}

/** A password check against the stored verifier (for USER_PASSWORD_AUTH, when a client allows it). */
export function passwordMatchesVerifier(
  poolName: string,
  userIdForSrp: string,
  password: string,
  stored: SrpVerifier,
): boolean {
  const verifier = modPow(SRP_G, passwordExponent(poolName, userIdForSrp, password, stored.salt), SRP_N);
  return verifier === BigInt(`0x${stored.verifier}`);
}

/** The client's SRP_A is usable only if A mod N is not 0 (else the shared secret is known). */
export function isValidSrpA(srpA: string): boolean {
  return /^[0-9a-fA-F]+$/.test(srpA) && BigInt(`0x${srpA}`) % SRP_N !== 0n;
}

export interface ServerEphemeral {
  /** The server's secret b, hex. */
  b: string;
  /** SRP_B = k v + g^b mod N, hex. */
  B: string;
}

/** The server's ephemeral pair for one sign-in (a random verifier stands in for an unknown user). */
export function computeServerEphemeral(verifierHex: string): ServerEphemeral {
  const verifier = BigInt(`0x${verifierHex}`);
  for (;;) {
    const b = randomBigInt(32) % SRP_N;
    const B = (SRP_K * verifier + modPow(SRP_G, b, SRP_N)) % SRP_N;
    if (B !== 0n) return { b: b.toString(16), B: B.toString(16) };
  }
}

export interface PasswordClaim {
  poolName: string;
  userIdForSrp: string;
  verifier: string;
  srpA: string;
  ephemeral: ServerEphemeral;
  /** SECRET_BLOCK exactly as the client echoes it (base64): its bytes are signed. */
  secretBlock: string;
  /** TIMESTAMP in Cognito's canonical form ("Tue Sep 5 08:03:09 UTC 2026"). */
  timestamp: string;
  /** PASSWORD_CLAIM_SIGNATURE, base64. */
  signature: string;
}

/** The HKDF key both sides derive from S and u: the client holds it only if it knew the password. */
export function computePasswordAuthenticationKey(
  verifierHex: string,
  srpA: string,
  ephemeral: ServerEphemeral,
): Buffer | undefined {
  const A = BigInt(`0x${srpA}`);
  const B = BigInt(`0x${ephemeral.B}`);
  const u = hashOfHex(padHex(A) + padHex(B));
  if (u === 0n) return undefined;
  const S = modPow((A * modPow(BigInt(`0x${verifierHex}`), u, SRP_N)) % SRP_N, BigInt(`0x${ephemeral.b}`), SRP_N);
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(padHex(S), 'hex'),
      Buffer.from(padHex(u), 'hex'),
      Buffer.from('Caldera Derived Key', 'utf8'),
      16,
    ),
  );
}

export function computeClaimSignature(
  key: Buffer,
  claim: Pick<PasswordClaim, 'poolName' | 'userIdForSrp' | 'secretBlock' | 'timestamp'>,
): string {
  return createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(claim.poolName, 'utf8'),
        Buffer.from(claim.userIdForSrp, 'utf8'),
        Buffer.from(claim.secretBlock, 'base64'),
        Buffer.from(claim.timestamp, 'utf8'),
      ]),
    )
    .digest('base64');
}

/** PASSWORD_CLAIM_SIGNATURE is right only if the client derived the same key, i.e. knew the password. */
export function isPasswordClaimValid(claim: PasswordClaim): boolean {
  const key = computePasswordAuthenticationKey(claim.verifier, claim.srpA, claim.ephemeral);
  if (!key) return false;
  const expected = Buffer.from(computeClaimSignature(key, claim), 'base64');
  const given = Buffer.from(claim.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
