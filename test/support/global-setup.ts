import { startLocalCloudProcess } from './local-cloud-process';

// One local cloud for the whole suite: integration tests reach it through its public endpoints,
// each with users of its own, so they never see each other's data.
export default async function globalSetup(): Promise<void> {
  // MediaConvert's shortest StatusUpdateInterval is 10 s; a tenth of it lets 5 s clips show progress.
  process.env.VIDEOPIPE_STATUS_INTERVAL_SCALE ??= '0.1';
  // The watchdog every second, so its test sees an overdue video fail quickly.
  process.env.VIDEOPIPE_WATCHDOG_INTERVAL_SECONDS ??= '1';
  // One user of hostile-inputs asks for some 20 tickets in about a minute, twice a person's default
  // (10); test/integration/pipeline-limits.test.ts holds the default on a cloud of its own.
  process.env.VIDEOPIPE_UPLOAD_TICKETS_PER_USER_PER_MINUTE ??= '60';
  const cloud = await startLocalCloudProcess({ args: ['--auto-confirm'] });
  process.env.VIDEOPIPE_TEST_DATA_DIR = cloud.dataDir;
  (globalThis as { __videopipeCloud?: unknown }).__videopipeCloud = cloud;
}
