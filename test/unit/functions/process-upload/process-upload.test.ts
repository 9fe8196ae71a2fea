import { processRegistration } from '../../../../functions/process-upload/process-registration';
import { processUpload } from '../../../../functions/process-upload/process-upload';
import { buildClientRequestToken } from '../../../../functions/process-upload/submit-job';
import type { ProbeFacts } from '../../../../functions/lib/probe';
import type { UploadedObject } from '../../../../functions/lib/s3-notifications';
import { acceptedKey } from '../../../../functions/lib/upload-keys';
import { createPipelineWorld, HD_FACTS, RAW_BUCKET } from '../../../support/pipeline-world';

const videoId = '01JB8Z6Q3M4N5P6R7S8T9V0W1X';

/** S3's event for what is at the ticket's key now (its ETag bare, as S3 sends it). */
function eventFor(eTag: string): UploadedObject {
  return { eventName: 'ObjectCreated:Post', bucket: RAW_BUCKET, key: videoId, size: 1000, eTag };
}

const small: ProbeFacts = { ...HD_FACTS, width: 320, height: 240 };
const big: ProbeFacts = { ...HD_FACTS, width: 3840, height: 2160, durationSeconds: 1700 };

describe('processUpload', () => {
  test('an upload registered first: copied to its accepted key, the copy probed, one job reading the copy', async () => {
    const world = createPipelineWorld();
    const eTag = world.bucket.post(videoId, HD_FACTS);
    world.store.register(videoId, 'ann', 'Harbour');
    await processUpload(eventFor(eTag), world.deps);

    expect(world.bucket.probedKeys).toEqual([acceptedKey(videoId)]);
    // The object at the ticket's key is gone: the copy is the upload now.
    expect([...world.bucket.objects.keys()]).toEqual([acceptedKey(videoId)]);
    expect(world.jobs).toHaveLength(1);
    expect(world.jobs[0]).toMatchObject({
      ClientRequestToken: buildClientRequestToken({ key: videoId, eTag }),
      UserMetadata: { videoId, bucket: 'playback' },
    });
    expect(world.jobs[0]!.Settings?.Inputs?.[0]?.FileInput).toBe(`s3://raw/${acceptedKey(videoId)}`);
    expect(
      world.jobs[0]!.Settings?.OutputGroups?.[0]?.Outputs?.map((output) => output.VideoDescription?.Height),
    ).toEqual([720, 480, 360, 240]);
    // The job's deadline: 30 min + 3 s per second of the 5 s source.
    expect(await world.store.getVideo(videoId)).toMatchObject({
      jobId: 'job-1',
      deadlineAt: '2026-12-02T10:30:15.000Z',
      acceptedSource: { eTag, width: 1280, height: 720, durationSeconds: 5, hasAudio: true },
    });
  });

  test('an upload not registered yet is accepted and waits: no job until the registration notice, then one', async () => {
    const world = createPipelineWorld();
    const eTag = world.bucket.post(videoId, HD_FACTS);
    await processUpload(eventFor(eTag), world.deps);
    expect(world.jobs).toEqual([]);
    // The registration window (30 min) is its deadline now.
    expect(await world.store.getVideo(videoId)).toMatchObject({
      status: 'PROCESSING',
      deadlineAt: '2026-12-02T10:30:00.000Z',
      acceptedSource: { eTag },
    });

    // A notice for a record without a title (forged, or early) changes nothing.
    await processRegistration(videoId, world.deps);
    expect(world.jobs).toEqual([]);

    world.store.register(videoId, 'ann', 'Harbour');
    await processRegistration(videoId, world.deps);
    await processRegistration(videoId, world.deps);
    expect(world.jobs).toHaveLength(1);
    expect(world.jobs.map((job) => job.ClientRequestToken)).toEqual([buildClientRequestToken({ key: videoId, eTag })]);
  });

  test('a second POST with the ticket after the probe is deleted unread; the job is made from the probed bytes', async () => {
    const world = createPipelineWorld();
    const first = world.bucket.post(videoId, small);
    await processUpload(eventFor(first), world.deps);
    // The swap: an 8K-sized, 28-minute file at the ticket's key after the probe.
    const second = world.bucket.post(videoId, big);
    await processUpload(eventFor(second), world.deps);
    expect(world.bucket.objects.has(videoId)).toBe(false);
    expect(world.bucket.probedKeys).toEqual([acceptedKey(videoId)]);

    world.store.register(videoId, 'ann', 'Small');
    await processRegistration(videoId, world.deps);
    expect(world.jobs).toHaveLength(1);
    expect(
      world.jobs[0]!.Settings?.OutputGroups?.[0]?.Outputs?.map((output) => output.VideoDescription?.Width),
    ).toEqual([320]);
    expect(world.bucket.objects.get(acceptedKey(videoId))?.content).toEqual(small);
  });

  test('a second POST while the first is being accepted (its copy made, not yet stored) never replaces the copy', async () => {
    const world = createPipelineWorld();
    const first = world.bucket.post(videoId, small);
    // The first delivery has copied and is probing when the second POST lands and its event runs.
    world.deps.probe.mockImplementationOnce(async (url) => {
      const second = world.bucket.post(videoId, big);
      await processUpload(eventFor(second), world.deps);
      return world.bucket.probe(url);
    });
    world.store.register(videoId, 'ann', 'Small');
    await processUpload(eventFor(first), world.deps);
    expect(world.jobs).toHaveLength(1);
    expect(world.bucket.probedKeys).toEqual([acceptedKey(videoId)]);
    expect(world.bucket.objects.get(acceptedKey(videoId))?.content).toEqual(small);
    expect(world.bucket.objects.has(videoId)).toBe(false);
  });

  test('a second POST before the first was copied: the first delivery ends quietly, the later upload is checked and used', async () => {
    const world = createPipelineWorld();
    const first = world.bucket.post(videoId, small);
    const second = world.bucket.post(videoId, { ...small, width: 640, height: 480 });
    world.store.register(videoId, 'ann', 'Later');
    await processUpload(eventFor(first), world.deps);
    expect(world.bucket.objects.has(acceptedKey(videoId))).toBe(false);
    expect(world.jobs).toEqual([]);
    await processUpload(eventFor(second), world.deps);
    expect(world.jobs).toHaveLength(1);
    expect(world.bucket.probedKeys).toEqual([acceptedKey(videoId)]);
    expect(world.jobs[0]!.Settings?.OutputGroups?.[0]?.Outputs?.[0]?.VideoDescription?.Width).toBe(640);
  });

  test('a second POST after the video is DONE or FAILED is deleted unread and changes nothing', async () => {
    for (const status of ['DONE', 'FAILED'] as const) {
      const world = createPipelineWorld();
      world.store.records.set(videoId, {
        id: videoId,
        userId: 'ann',
        title: 'Old',
        status,
        progress: 100,
        createdAt: 't',
        updatedAt: 't',
      });
      const eTag = world.bucket.post(videoId, big);
      await processUpload(eventFor(eTag), world.deps);
      expect(world.bucket.objects.size).toBe(0);
      expect(world.deps.probe).not.toHaveBeenCalled();
      expect(world.jobs).toEqual([]);
      expect((await world.store.getVideo(videoId))?.status).toBe(status);
    }
  });

  test('a redelivered event, and one whose delivery stopped after the copy, still make exactly one job', async () => {
    const world = createPipelineWorld();
    const eTag = world.bucket.post(videoId, HD_FACTS);
    world.store.register(videoId, 'ann', 'Twice');
    // The first delivery dies right after the copy (before it deletes the upload and probes).
    world.deps.probe.mockRejectedValueOnce(new Error('the Lambda timed out'));
    await expect(processUpload(eventFor(eTag), world.deps)).rejects.toThrow('timed out');
    await processUpload(eventFor(eTag), world.deps);
    await processUpload(eventFor(eTag), world.deps);
    expect(world.jobs).toHaveLength(1);
    expect(world.store.records.get(videoId)?.jobId).toBe('job-1');
  });

  test('a delivery that stopped after storing the accepted upload is finished by the redelivery', async () => {
    const world = createPipelineWorld();
    const eTag = world.bucket.post(videoId, HD_FACTS);
    world.store.register(videoId, 'ann', 'Resumed');
    world.deps.createJob.mockRejectedValueOnce(new Error('MediaConvert is unreachable'));
    await expect(processUpload(eventFor(eTag), world.deps)).rejects.toThrow('unreachable');
    await processUpload(eventFor(eTag), world.deps);
    expect(world.jobs).toHaveLength(1);
    // The daily minutes were counted once, though the submission ran twice.
    expect([...world.usage.counters.values()].map((counter) => counter.used)).toEqual([1]);
  });

  test('not a video: FAILED with the probe reason, the upload and its copy deleted, the owner told, no job', async () => {
    const world = createPipelineWorld();
    const eTag = world.bucket.post(videoId, 'The file has no video in it.');
    await processUpload(eventFor(eTag), world.deps);
    expect(world.store.records.get(videoId)).toMatchObject({
      status: 'FAILED',
      failureReason: 'The file has no video in it.',
    });
    expect(world.bucket.objects.size).toBe(0);
    expect(world.deps.publisher.publish).toHaveBeenCalledWith(
      expect.objectContaining({ id: videoId, status: 'FAILED', failureReason: 'The file has no video in it.' }),
    );
    expect(world.deps.createJob).not.toHaveBeenCalled();
  });

  test('an ffprobe that cannot run is an error for SQS to retry, not a failed video', async () => {
    const world = createPipelineWorld();
    const eTag = world.bucket.post(videoId, HD_FACTS);
    world.deps.probe.mockRejectedValueOnce(new Error('ffprobe was not found at /opt/bin/ffprobe: set FFPROBE_PATH'));
    await expect(processUpload(eventFor(eTag), world.deps)).rejects.toThrow('ffprobe was not found');
    expect(world.store.records.get(videoId)?.status).toBe('PROCESSING');
  });

  test('objects no ticket made, removals and vanished uploads are left alone; unowned ones deleted', async () => {
    const world = createPipelineWorld();
    await processUpload({ ...eventFor('x'), eventName: 'ObjectRemoved:Delete' }, world.deps);
    await processUpload({ ...eventFor('x'), key: 'notes/readme.txt' }, world.deps);
    await processUpload({ ...eventFor('x'), key: acceptedKey(videoId) }, world.deps);
    await processUpload(eventFor('gone'), world.deps);
    expect(world.store.records.size).toBe(0);
    const eTag = world.bucket.post(videoId, HD_FACTS, null);
    await processUpload(eventFor(eTag), world.deps);
    expect(world.bucket.objects.size).toBe(0);
    expect(world.store.records.size).toBe(0);
  });

  test('a failed publish does not fail the record: the stored state is what counts', async () => {
    const world = createPipelineWorld();
    const eTag = world.bucket.post(videoId, 'The file has no video in it.');
    world.deps.publisher.publish.mockRejectedValueOnce(new Error('AppSync is down'));
    await expect(processUpload(eventFor(eTag), world.deps)).resolves.toBeUndefined();
  });

  test('settings MediaConvert refuses end FAILED with its message (every retry would be refused too); other errors are retried', async () => {
    const refused = createPipelineWorld();
    refused.store.register(videoId, 'ann', 'Refused');
    refused.deps.createJob.mockRejectedValueOnce(
      Object.assign(
        new Error(
          '/settings/outputGroups/0/outputs/0/videoDescription/width: must be an even whole number from 32 to 8192; got 2.',
        ),
        { name: 'BadRequestException' },
      ),
    );
    await processUpload(eventFor(refused.bucket.post(videoId, HD_FACTS)), refused.deps);
    expect(refused.store.records.get(videoId)?.failureReason).toMatch(/^The video could not be converted: .*width/);
    expect(refused.bucket.objects.size).toBe(0);

    const throttled = createPipelineWorld();
    throttled.store.register(videoId, 'ann', 'Throttled');
    throttled.deps.createJob.mockRejectedValueOnce(
      Object.assign(new Error('Too many requests'), { name: 'TooManyRequestsException' }),
    );
    await expect(processUpload(eventFor(throttled.bucket.post(videoId, HD_FACTS)), throttled.deps)).rejects.toThrow(
      'Too many requests',
    );
    expect(throttled.store.records.get(videoId)?.status).toBe('PROCESSING');
  });

  test('the same upload always gets the same token; another upload of the key another', () => {
    const object = { key: videoId, eTag: 'abc' };
    expect(buildClientRequestToken(object)).toBe(buildClientRequestToken({ ...object }));
    expect(buildClientRequestToken(object)).toBe(buildClientRequestToken({ ...object, eTag: '"abc"' }));
    expect(buildClientRequestToken(object)).not.toBe(buildClientRequestToken({ ...object, eTag: 'other' }));
    expect(buildClientRequestToken(object)).toHaveLength(64);
  });
});

describe('the limits at process-upload', () => {
  test('a 6-hour, 1 fps, 32x32 source: FAILED at the probe with the lengths, no job', async () => {
    const world = createPipelineWorld();
    world.store.register(videoId, 'ann', 'Endless');
    const endless: ProbeFacts = { ...HD_FACTS, width: 32, height: 32, frameRate: 1, durationSeconds: 21_600 };
    await processUpload(eventFor(world.bucket.post(videoId, endless)), world.deps);
    expect(world.store.records.get(videoId)).toMatchObject({
      status: 'FAILED',
      failureReason: 'The video is 6 h long; the longest accepted is 30 min.',
    });
    expect(world.jobs).toEqual([]);
    expect(world.bucket.objects.size).toBe(0);
  });

  test('frame rate and frame size past their limits: FAILED with both figures', async () => {
    for (const [facts, reason] of [
      [{ ...HD_FACTS, frameRate: 120 }, 'The video has 120 frames a second; the most accepted is 60.'],
      [
        { ...HD_FACTS, width: 4096, height: 4096 },
        'The video is 4096x4096, 16.8 megapixels a frame; the largest frame accepted is 8.8 megapixels.',
      ],
    ] as const) {
      const world = createPipelineWorld();
      await processUpload(eventFor(world.bucket.post(videoId, facts)), world.deps);
      expect(world.store.records.get(videoId)?.failureReason).toBe(reason);
    }
  });

  test('more videos processing than the limit: this upload FAILED with the count; at the limit it goes on', async () => {
    const world = createPipelineWorld({ processingVideosPerUser: 2 });
    for (const other of ['01JB8Z6Q3M4N5P6R7S8T9V0W10', '01JB8Z6Q3M4N5P6R7S8T9V0W11'])
      world.store.register(other, 'ann', 'Busy');
    await processUpload(eventFor(world.bucket.post(videoId, HD_FACTS)), world.deps);
    expect(world.store.records.get(videoId)).toMatchObject({
      status: 'FAILED',
      failureReason:
        'With this one you had 3 videos processing, and at most 2 may process at once. Upload it again when one has finished.',
    });

    const roomy = createPipelineWorld({ processingVideosPerUser: 2 });
    roomy.store.register('01JB8Z6Q3M4N5P6R7S8T9V0W10', 'ann', 'Busy');
    await processUpload(eventFor(roomy.bucket.post(videoId, HD_FACTS)), roomy.deps);
    expect(roomy.store.records.get(videoId)?.acceptedSource).toBeDefined();
  });

  test("past the day's output minutes: FAILED at the submission, saying how many and when the count starts again", async () => {
    // 5 s at four renditions is 40 s of output, under the 10 s minimum each: one minute a video.
    const world = createPipelineWorld({ outputMinutesPerUserPerDay: 2 });
    const ids = ['01JB8Z6Q3M4N5P6R7S8T9V0W10', '01JB8Z6Q3M4N5P6R7S8T9V0W11', videoId];
    for (const id of ids) {
      world.store.register(id, 'ann', 'Clip');
      const eTag = world.bucket.post(id, HD_FACTS);
      await processUpload({ ...eventFor(eTag), key: id }, world.deps);
    }
    expect(world.jobs).toHaveLength(2);
    expect(world.store.records.get(videoId)).toMatchObject({
      status: 'FAILED',
      failureReason:
        'Converting this video takes 1 output minute (its length times 4 renditions); your daily allowance is 2 output minutes, and you have used 2 today. The count starts again at 00:00 UTC, in 14 h.',
    });
  });

  test('the limits default to the shared constants', async () => {
    const world = createPipelineWorld();
    delete (world.deps as { limits?: unknown }).limits;
    world.store.register(videoId, 'ann', 'Long');
    await processUpload(eventFor(world.bucket.post(videoId, { ...HD_FACTS, durationSeconds: 1801 })), world.deps);
    expect(world.store.records.get(videoId)?.failureReason).toBe(
      'The video is 30 min 1 s long; the longest accepted is 30 min.',
    );
  });
});
