// The benchmarks' latency percentiles: nearest rank on an ascending list.

export function percentile(sorted: readonly number[], q: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  if (value === undefined) throw new Error('percentile of no samples: the run measured nothing');
  return value;
}
