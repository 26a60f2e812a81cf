import type { CrashTestRecord } from '@streamlab/kernel-helpers/crash-lab';
import { seededRandom } from '@streamlab/kernel-helpers/datasets';

/**
 * Seeded sensor readings for the crash-lab topology (final counts per sensor in 10 s windows,
 * 5 s grace): `keys` sensors, a reading every 0–600 ms, out of order by up to 2 s, one in 12 late
 * by up to 30 s (some beyond grace, so the late rule is exercised too).
 */
export function sensorReadings(count: number, seed: number, keys = 6): CrashTestRecord[] {
  const random = seededRandom(seed);
  let clock = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, index) => {
    clock += random.int(0, 600);
    const sensor = `sensor-${random.int(0, keys - 1)}`;
    const delay = random.chance(1 / 12) ? random.int(0, 30_000) : random.int(0, 2000);
    return { key: sensor, value: { sensor, reading: index }, timestamp: clock - delay };
  });
}
