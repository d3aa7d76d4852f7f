// Latency samples in milliseconds, kept at full resolution: autocannon's own
// histogram records whole milliseconds, too coarse for sub-millisecond paths.

export interface LatencySummary {
  /** Milliseconds. */
  p50: number;
  /** Milliseconds. */
  p99: number;
  /** Milliseconds. */
  mean: number;
}

export class LatencySamples {
  #values: number[] = [];

  add(milliseconds: number): void {
    this.#values.push(milliseconds);
  }

  get count(): number {
    return this.#values.length;
  }

  summarize(): LatencySummary {
    const sorted = Float64Array.from(this.#values).sort();
    if (sorted.length === 0) return { p50: Number.NaN, p99: Number.NaN, mean: Number.NaN };
    const total = sorted.reduce((sum, value) => sum + value, 0);
    return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean: total / sorted.length };
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, fraction: number): number {
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}
