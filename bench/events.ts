/** A benchmark event: a key and an event time (ms). */
export interface BenchEvent {
  key: string;
  ts: number;
}

/** The epoch of every benchmark stream: recent, so no retention rule ever touches it. */
export const T0 = Date.UTC(2026, 10, 1);

/**
 * `count` events over `keys` keys, one every `stepMs` on average, with a small deterministic
 * disorder (up to 3 steps back), as sensors deliver them. Same arguments, same stream.
 */
export function benchEvents(count: number, keys = 1000, stepMs = 50): BenchEvent[] {
  let state = 42;
  const next = (): number => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  return Array.from({ length: count }, (_, i) => ({ key: `k${Math.floor(next() * keys)}`, ts: T0 + i * stepMs - Math.floor(next() * 3) * stepMs }));
}
