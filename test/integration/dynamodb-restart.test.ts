// The DynamoDB emulator going away mid-run and coming back: the job-events Lambda's records fail
// as batch item failures (SQS delivers them again) instead of being lost, nothing stored is lost
// across the restart, and the redelivery completes the change. The real handler workflow and
// store run against a dynalite of the test's own, stopped and started on the same port and data.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { processJobEvent } from '../../functions/job-events/process-job-event';
import { DynamoDbVideoStore } from '../../functions/lib/adapters/dynamodb-video-store';
import { processPartialBatch } from '../../functions/lib/batch';
import { parseJobStateChange } from '../../functions/lib/mediaconvert-events';
import { ensureTables, loadTableDefinitions, startDynamoDb } from '../../local/dynamodb';
import type { DynamoDbEmulator } from '../../local/dynamodb';
import { jobComplete, MASTER_PLAYLIST_720P, statusUpdate } from '../support/job-events';
import { sqsRecord } from '../support/sqs-event';

const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
let dataDir: string;
let emulator: DynamoDbEmulator;
let port: number;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-dynamodb-restart-'));
  emulator = await startDynamoDb({ port: 0, dataDir });
  port = Number(new URL(emulator.endpoint).port);
  // Few, quick retries: the point is what happens once the SDK gives up.
  const client = new DynamoDBClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
  await ensureTables(client, loadTableDefinitions());
  documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
});
afterAll(async () => {
  documents.destroy();
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('an outage mid-run fails the records for SQS to retry; after the restart the retry stores the change and nothing was lost', async () => {
  const store = new DynamoDbVideoStore(documents, 'videos');
  const ids = { videoId: '01JRESTARTVIDEO0000000000', jobId: 'job-restart' };
  expect(await store.createProcessingRecord({ videoId: ids.videoId, userId: 'ann' })).toBe(true);
  expect(await store.recordJobId(ids.videoId, ids.jobId)).toBe(true);
  const publisher = { publish: jest.fn(async () => undefined) };
  const deps = {
    store,
    publisher,
    readPlaybackText: async () => MASTER_PLAYLIST_720P,
    deleteRawUpload: jest.fn(async () => undefined),
    deletePlaybackOutputs: jest.fn(async () => undefined),
    playbackBaseUrl: 'https://cdn.example.com',
    logger,
  };
  const batch = {
    Records: [
      sqsRecord(JSON.stringify(statusUpdate(ids, 40)), 'm1'),
      sqsRecord(JSON.stringify(jobComplete(ids)), 'm2'),
    ],
  };
  const run = () =>
    processPartialBatch(batch, (record) => processJobEvent(parseJobStateChange(record.body), deps), logger);

  await emulator.close();
  expect(await run()).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
  expect(publisher.publish).not.toHaveBeenCalled();

  emulator = await startDynamoDb({ port, dataDir });
  expect(await store.getVideo(ids.videoId)).toMatchObject({ status: 'PROCESSING', jobId: ids.jobId, userId: 'ann' });
  expect(await run()).toEqual({ batchItemFailures: [] });
  expect(await store.getVideo(ids.videoId)).toMatchObject({ status: 'DONE', progress: 100, width: 1280, height: 720 });
  expect(publisher.publish).toHaveBeenCalledWith(expect.objectContaining({ id: ids.videoId, status: 'DONE' }));
  expect(deps.deleteRawUpload).toHaveBeenCalledWith(ids.videoId);
});
