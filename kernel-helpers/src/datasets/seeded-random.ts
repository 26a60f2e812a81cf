/**
 * A seeded pseudo-random source: the same seed gives the same numbers on every run, machine and
 * JS engine (mulberry32: 32-bit integer state, integer-only arithmetic). Not for cryptography.
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** One item, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One item from `[item, weight]` pairs, with probability proportional to its weight. */
  weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Exponentially distributed with the given mean: the gap between events of a Poisson process. */
  exponential(mean: number): number;
  /** Normally distributed (Box-Muller). */
  normal(mean: number, standardDeviation: number): number;
}

/** A SeededRandom for `seed` (any integer; only its low 32 bits count). */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (pairs) => {
      const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
      let target = next() * total;
      for (const [item, weight] of pairs) {
        target -= weight;
        if (target < 0) return item;
      }
      return pairs[pairs.length - 1][0];
    },
    chance: (p) => next() < p,
    // 1 - next() is in (0, 1], so the logarithm is finite.
    exponential: (mean) => -mean * Math.log(1 - next()),
    normal: (mean, standardDeviation) => mean + standardDeviation * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}
