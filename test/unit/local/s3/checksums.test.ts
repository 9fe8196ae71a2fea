import {
  algorithmOfHeader,
  computeChecksum,
  createChecksum,
  isValidChecksumValue,
} from '../../../../local/s3/checksums';

describe('flexible checksums', () => {
  const check = Buffer.from('123456789');
  const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex');

  test('each CRC gives its catalogue check value for "123456789"', () => {
    expect(hex(computeChecksum('CRC32', check))).toBe('cbf43926');
    expect(hex(computeChecksum('CRC32C', check))).toBe('e3069283');
    expect(hex(computeChecksum('CRC64NVME', check))).toBe('ae8b14860a799888');
  });

  test('SHA-1 and SHA-256 are base64 digests; streaming in pieces equals hashing whole', () => {
    expect(computeChecksum('SHA256', Buffer.from('hello'))).toBe('LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=');
    expect(computeChecksum('SHA1', Buffer.from('hello'))).toBe('qvTGHdzF6KLavt4PO0gs2a6pQ00=');
    const data = Buffer.from(Array.from({ length: 10000 }, (_, i) => (i * 31) % 256));
    for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      const streaming = createChecksum(algorithm);
      for (let i = 0; i < data.length; i += 333) streaming.update(data.subarray(i, i + 333));
      expect(streaming.digest()).toBe(computeChecksum(algorithm, data));
    }
  });

  test('header names and value shapes', () => {
    expect(algorithmOfHeader('X-Amz-Checksum-CRC32C')).toBe('CRC32C');
    expect(algorithmOfHeader('x-amz-checksum-mode')).toBeUndefined();
    expect(isValidChecksumValue('CRC32', 'NhCmhg==')).toBe(true);
    expect(isValidChecksumValue('CRC32', 'NhCmhgAA')).toBe(false);
    expect(isValidChecksumValue('SHA256', 'NhCmhg==')).toBe(false);
  });
});
