import { AuthenticationHelper, DateHelper } from 'amazon-cognito-identity-js';
import BigInteger from 'amazon-cognito-identity-js/lib/BigInteger';
import {
  computeClaimSignature,
  computePasswordAuthenticationKey,
  computeServerEphemeral,
  computeSrpVerifier,
  isPasswordClaimValid,
  padHex,
  passwordMatchesVerifier,
} from '../../../../local/cognito/srp';

const POOL = 'AbCdEf123';
const USER = '6f1c1d2e-0000-4000-8000-000000000001';
const PASSWORD = 'Correct-Horse-Battery-9';

/** What AWS's own client (amazon-cognito-identity-js) derives from the challenge the server sent. */
async function clientKey(
  password: string,
  challenge: { SRP_B: string; SALT: string },
): Promise<{ srpA: string; key: Buffer }> {
  const helper = new AuthenticationHelper(POOL);
  const largeA = await new Promise<BigInteger>((resolve, reject) =>
    helper.getLargeAValue((error, value) => (error ? reject(error) : resolve(value))),
  );
  const key = await new Promise<Buffer>((resolve, reject) =>
    helper.getPasswordAuthenticationKey(
      USER,
      password,
      new BigInteger(challenge.SRP_B, 16),
      new BigInteger(challenge.SALT, 16),
      (error, hkdf) => (error ? reject(error) : resolve(Buffer.from(hkdf))),
    ),
  );
  return { srpA: largeA.toString(16), key };
}

describe("the local pool's SRP against amazon-cognito-identity-js's AuthenticationHelper", () => {
  test('padHex is Java BigInteger.toByteArray in hex, as Cognito clients pad', () => {
    expect([padHex(0x14n), padHex(0xecn), padHex(0x1n), padHex(0x8000n)]).toEqual(['14', '00ec', '01', '008000']);
  });

  test('the server derives the same HKDF key as the client with the right password, and accepts its PASSWORD_CLAIM_SIGNATURE', async () => {
    // Prepare
    const stored = computeSrpVerifier(POOL, USER, PASSWORD);
    const ephemeral = computeServerEphemeral(stored.verifier);
    const secretBlock = Buffer.from('opaque server state').toString('base64');
    const timestamp = new DateHelper().getNowString();

    // Act
    const client = await clientKey(PASSWORD, { SRP_B: ephemeral.B, SALT: stored.salt });
    const serverKey = computePasswordAuthenticationKey(stored.verifier, client.srpA, ephemeral);
    const signature = computeClaimSignature(client.key, { poolName: POOL, userIdForSrp: USER, secretBlock, timestamp });

    // Assess
    expect(serverKey?.toString('hex')).toBe(client.key.toString('hex'));
    expect(
      isPasswordClaimValid({
        poolName: POOL,
        userIdForSrp: USER,
        verifier: stored.verifier,
        srpA: client.srpA,
        ephemeral,
        secretBlock,
        timestamp,
        signature,
      }),
    ).toBe(true);
    // Negative controls: the same signature over another timestamp, or for another user, is refused.
    expect(
      isPasswordClaimValid({
        poolName: POOL,
        userIdForSrp: USER,
        verifier: stored.verifier,
        srpA: client.srpA,
        ephemeral,
        secretBlock,
        timestamp: `${timestamp} `,
        signature,
      }),
    ).toBe(false);
    expect(
      isPasswordClaimValid({
        poolName: POOL,
        userIdForSrp: 'someone-else',
        verifier: stored.verifier,
        srpA: client.srpA,
        ephemeral,
        secretBlock,
        timestamp,
        signature,
      }),
    ).toBe(false);
  });

  test('a client with the wrong password derives another key, and its claim is refused', async () => {
    const stored = computeSrpVerifier(POOL, USER, PASSWORD);
    const ephemeral = computeServerEphemeral(stored.verifier);
    const secretBlock = Buffer.from('opaque server state').toString('base64');
    const timestamp = new DateHelper().getNowString();

    const client = await clientKey('Correct-Horse-Battery-8', { SRP_B: ephemeral.B, SALT: stored.salt });
    const signature = computeClaimSignature(client.key, { poolName: POOL, userIdForSrp: USER, secretBlock, timestamp });

    expect(computePasswordAuthenticationKey(stored.verifier, client.srpA, ephemeral)?.toString('hex')).not.toBe(
      client.key.toString('hex'),
    );
    expect(
      isPasswordClaimValid({
        poolName: POOL,
        userIdForSrp: USER,
        verifier: stored.verifier,
        srpA: client.srpA,
        ephemeral,
        secretBlock,
        timestamp,
        signature,
      }),
    ).toBe(false);
  });

  test('the stored verifier checks a plain password too, and each verifier has its own salt', () => {
    const stored = computeSrpVerifier(POOL, USER, PASSWORD);
    expect(passwordMatchesVerifier(POOL, USER, PASSWORD, stored)).toBe(true);
    expect(passwordMatchesVerifier(POOL, USER, `${PASSWORD}x`, stored)).toBe(false);
    expect(computeSrpVerifier(POOL, USER, PASSWORD).salt).not.toBe(stored.salt);
  });
});
