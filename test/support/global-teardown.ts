import type { LocalCloudProcess } from './local-cloud-process';

export default async function globalTeardown(): Promise<void> {
  const cloud = (globalThis as { __videopipeCloud?: LocalCloudProcess }).__videopipeCloud;
  await cloud?.stop();
}
