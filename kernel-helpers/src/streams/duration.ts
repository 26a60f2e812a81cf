import { StreamsError } from './errors.js';

/** A length of time: milliseconds as a number, or text such as `'500ms'`, `'30s'`, `'1m'`, `'1h'`, `'1d'`. */
export type Duration = number | string;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/;

/**
 * Milliseconds in `duration` (`'1m'` → 60000, `250` → 250). Throws a StreamsError naming `what`
 * for anything else: negative, fractional milliseconds, unknown unit.
 */
export function parseDuration(duration: Duration, what = 'duration'): number {
  let ms: number;
  if (typeof duration === 'number') {
    ms = duration;
  } else {
    const match = DURATION_PATTERN.exec(duration);
    ms = match ? Number(match[1]) * UNIT_MS[match[2]] : Number.NaN;
  }
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new StreamsError(`${what}: ${JSON.stringify(duration)} is not a duration`, {
      hint: "write whole milliseconds (60000) or a number with a unit: '500ms', '30s', '1m', '1h', '1d'",
    });
  }
  return ms;
}
