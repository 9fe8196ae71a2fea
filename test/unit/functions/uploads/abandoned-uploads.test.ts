import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ABORT_INCOMPLETE_UPLOAD_DAYS,
  lifecycleAbortTime,
  uploadRecordExpiry,
} from '../../../../functions/uploads/abandoned-uploads';

describe('abandoned multipart uploads', () => {
  test("go by the raw bucket's lifecycle rule in terraform/buckets.json", () => {
    const buckets = JSON.parse(
      readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'terraform', 'buckets.json'), 'utf8'),
    ) as { raw: { lifecycle: Array<{ prefix: string; abortIncompleteMultipartUploadDays?: number }> } };
    const rule = buckets.raw.lifecycle.find((candidate) => candidate.prefix === '');
    expect(rule?.abortIncompleteMultipartUploadDays).toBe(ABORT_INCOMPLETE_UPLOAD_DAYS);
  });

  test("are aborted at the midnight UTC after the rule's day, as S3 rounds it", () => {
    expect(lifecycleAbortTime(new Date('2026-12-03T09:32:11.000Z')).toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(lifecycleAbortTime(new Date('2026-12-03T00:00:00.000Z')).toISOString()).toBe('2026-12-04T00:00:00.000Z');
    expect(lifecycleAbortTime(new Date('2026-12-31T23:59:59.999Z')).toISOString()).toBe('2027-01-02T00:00:00.000Z');
  });

  test('their record outlives the upload: its TTL is two days on, never before the abort', () => {
    for (const startedAt of ['2026-12-03T09:32:11.000Z', '2026-12-03T00:00:00.000Z', '2026-12-03T23:59:59.999Z']) {
      const start = new Date(startedAt);
      const expiry = uploadRecordExpiry(start);
      expect(expiry).toBe(Math.ceil(start.getTime() / 1000) + 2 * 24 * 3600);
      expect(expiry * 1000).toBeGreaterThanOrEqual(lifecycleAbortTime(start).getTime());
    }
  });
});
