// The training curve kept as at most `capacity` buckets: when full, neighbouring buckets merge
// pairwise and each bucket spans twice as many steps, so a chart of a million steps redraws as fast
// as one of a thousand.

import type { StepReport } from '../wasm/protocol';

export interface Bucket {
  step: number; // last step in the bucket
  loss: number; // mean loss, nats per character
  gradNorm: number; // largest gradient norm, so spikes survive merging
  clipped: boolean; // any step clipped
  count: number; // steps in the bucket
}

export class TrainingSeries {
  readonly buckets: Bucket[] = [];
  private width = 1; // steps in a full bucket

  constructor(readonly capacity: number) {
    if (capacity < 2 || capacity % 2 !== 0) throw new Error(`capacity must be even and at least 2, got ${capacity}`);
  }

  push(report: StepReport): void {
    const last = this.buckets.at(-1);
    const point = { step: report.step, loss: report.loss, gradNorm: report.grad_norm, clipped: report.clipped, count: 1 };
    if (last !== undefined && last.count < this.width) {
      Object.assign(last, merge(last, point));
      return;
    }
    if (this.buckets.length === this.capacity) this.halve();
    this.buckets.push(point);
  }

  clear(): void {
    this.buckets.length = 0;
    this.width = 1;
  }

  private halve(): void {
    const merged: Bucket[] = [];
    for (let i = 0; i < this.buckets.length; i += 2) {
      const [a, b] = [this.buckets[i], this.buckets[i + 1]];
      if (a !== undefined && b !== undefined) merged.push(merge(a, b));
    }
    this.buckets.splice(0, this.buckets.length, ...merged);
    this.width *= 2;
  }
}

function merge(a: Bucket, b: Bucket): Bucket {
  const count = a.count + b.count;
  return {
    step: b.step,
    loss: (a.loss * a.count + b.loss * b.count) / count,
    gradNorm: Math.max(a.gradNorm, b.gradNorm),
    clipped: a.clipped || b.clipped,
    count,
  };
}

/** Keeps a growing record within `capacity` items: when over, every other item goes, the newest stays. */
export function thin<T>(items: T[], capacity: number): void {
  if (items.length <= capacity) return;
  const kept = items.filter((_, i) => (items.length - 1 - i) % 2 === 0);
  items.splice(0, items.length, ...kept);
}
