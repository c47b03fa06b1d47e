/**
 * Median nanoseconds per call of `fn` over `batches` batches, each sized (by doubling, then x4) to take roughly
 * `batchMs`. Batches, not single calls, because one call is below the timer's resolution; the median, because the
 * machine is shared and a batch can be interrupted.
 */
export function medianNsPerCall<T>(
  fn: (input: T) => unknown,
  inputs: readonly T[],
  opts: { batchMs: number; batches: number; maxBatch: number },
): number {
  let perBatch = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) fn(inputs[i % inputs.length] as T);
    if (performance.now() - t0 > opts.batchMs / 4 || perBatch > opts.maxBatch) break;
    perBatch *= 2;
  }
  perBatch *= 4;
  const samples: number[] = [];
  for (let b = 0; b < opts.batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) fn(inputs[(b * perBatch + i) % inputs.length] as T);
    samples.push(((performance.now() - t0) * 1e6) / perBatch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}
