import { deriveSigningKey } from '../../../../local/sigv4';

// AWS's worked example of the derivation (IAM User Guide, "Examples of how to derive a signing key").
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const EXPECTED = 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d';

describe('deriveSigningKey', () => {
  test("derives AWS's example key, the same when asked again", () => {
    expect(deriveSigningKey(SECRET, '20120215', 'us-east-1', 'iam').toString('hex')).toBe(EXPECTED);
    expect(deriveSigningKey(SECRET, '20120215', 'us-east-1', 'iam').toString('hex')).toBe(EXPECTED);
  });

  test('a key kept for one day, region and service is never given for another, nor changed by a caller', () => {
    const key = deriveSigningKey(SECRET, '20120215', 'us-east-1', 'iam');
    key.fill(0);
    expect(deriveSigningKey(SECRET, '20120215', 'us-east-1', 'iam').toString('hex')).toBe(EXPECTED);
    for (const other of [
      deriveSigningKey(SECRET, '20120216', 'us-east-1', 'iam'),
      deriveSigningKey(SECRET, '20120215', 'eu-west-1', 'iam'),
      deriveSigningKey(SECRET, '20120215', 'us-east-1', 'appsync'),
      deriveSigningKey(`${SECRET}x`, '20120215', 'us-east-1', 'iam'),
    ])
      expect(other.toString('hex')).not.toBe(EXPECTED);
  });
});
