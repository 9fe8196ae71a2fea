import globalSetup from './global-setup';
import type { LocalCloudProcess } from './local-cloud-process';

// The suite's global setup, plus the dev server's pid for the soak's memory sampler.
export default async function soakGlobalSetup(): Promise<void> {
  await globalSetup();
  const cloud = (globalThis as { __videopipeCloud?: LocalCloudProcess }).__videopipeCloud;
  process.env.VIDEOPIPE_TEST_CLOUD_PID = String(cloud?.child.pid ?? '');
}
