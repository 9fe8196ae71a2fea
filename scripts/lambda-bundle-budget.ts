// How big each Lambda bundle (build/functions/<name>/index.mjs) may grow. A bundle is what a cold
// start loads and parses, so a dependency that drags in a large tree should be noticed, not shipped.
// Each budget is 1.5x the bundle's size when the budget was set (the AWS SDK v3 clients are bundled,
// not taken from the runtime, so they make up most of it, tree-shaken from their ES module builds:
// bundling their CommonJS builds again would exceed it); raise one deliberately, with the reason
// in the commit.
import { statSync } from 'node:fs';
import { handlerLocation } from '../local/lambda';

export const LAMBDA_BUNDLE_BUDGET_BYTES: Readonly<Record<string, number>> = {
  'job-events': 1_916_000, // 1,277,495 bytes when set
  'process-upload': 2_178_000, // 1,451,947 bytes when set
  uploads: 1_998_000, // 1,332,054 bytes when set
  watchdog: 2_066_000, // 1,377,422 bytes when set
};

export interface LambdaBundleSize {
  name: string;
  bytes: number;
  /** Undefined for a function that has no budget yet. */
  budgetBytes: number | undefined;
}

/** The built bundles' sizes beside their budgets; throws when a bundle is missing (not built yet). */
export function lambdaBundleSizes(names: string[]): LambdaBundleSize[] {
  return names.map((name) => ({
    name,
    bytes: statSync(handlerLocation(name, 'index.handler').file).size,
    budgetBytes: LAMBDA_BUNDLE_BUDGET_BYTES[name],
  }));
}

/** One line per bundle for the build's output, e.g. "job-events 1800 KiB of 2700 KiB". */
export function describeLambdaBundleSizes(sizes: LambdaBundleSize[]): string {
  const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
  return sizes
    .map(({ name, bytes, budgetBytes }) =>
      budgetBytes === undefined
        ? `  ${name} ${kib(bytes)} (no budget)`
        : `  ${name} ${kib(bytes)} of ${kib(budgetBytes)}${bytes > budgetBytes ? '  OVER BUDGET' : ''}`,
    )
    .join('\n');
}
