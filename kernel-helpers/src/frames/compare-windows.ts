/** A window result as both sides give it: key, bounds, and numeric fields to compare. */
export interface ComparableWindow {
  key: string;
  windowStart: number;
  windowEnd: number;
}

/** One line of disagreement between the streaming and the offline result (a type alias, so `table()` takes it as a row). */
export type WindowDifference = {
  key: string;
  /** The window bounds as ISO text (UTC), for reading. */
  window: string;
  status: 'só no streaming' | 'só no offline' | 'valor diferente';
  field: string;
  streaming: unknown;
  offline: unknown;
};

/** The outcome of `compareWindows`. */
export interface WindowComparison {
  equal: boolean;
  /** Windows present on both sides. */
  matched: number;
  streamingWindows: number;
  offlineWindows: number;
  /** Every difference, row by row (empty when equal). */
  differences: WindowDifference[];
  /** One line in Portuguese: ✅ or ❌ with the counts. */
  summary: string;
}

const idOf = (window: ComparableWindow): string => `${window.key}\u0000${window.windowStart}\u0000${window.windowEnd}`;
const bounds = (window: ComparableWindow): string => `[${new Date(window.windowStart).toISOString()}, ${new Date(window.windowEnd).toISOString()}]`;

/**
 * Compares the streaming windows with the offline ones, window by window (key, start, end), on
 * `fields` (default `count`): exact equality, no tolerance. A window written twice on one side
 * (e.g. every-update emission) must be reduced to its last value first: see `latestWindows`.
 */
export function compareWindows<S extends ComparableWindow, O extends ComparableWindow>(streaming: readonly S[], offline: readonly O[], options: { fields?: readonly string[] } = {}): WindowComparison {
  const fields = options.fields ?? ['count'];
  const offlineById = new Map<string, ComparableWindow>(offline.map((window) => [idOf(window), window]));
  const streamingById = new Map<string, ComparableWindow>(streaming.map((window) => [idOf(window), window]));
  const differences: WindowDifference[] = [];
  let matched = 0;
  for (const [id, window] of streamingById) {
    const other = offlineById.get(id);
    if (!other) {
      differences.push({ key: window.key, window: bounds(window), status: 'só no streaming', field: '', streaming: pick(window, fields), offline: null });
      continue;
    }
    matched++;
    for (const field of fields) {
      const mine = valueOf(window, field);
      const theirs = valueOf(other, field);
      if (!Object.is(mine, theirs)) differences.push({ key: window.key, window: bounds(window), status: 'valor diferente', field, streaming: mine, offline: theirs });
    }
  }
  for (const [id, window] of offlineById) {
    if (!streamingById.has(id)) differences.push({ key: window.key, window: bounds(window), status: 'só no offline', field: '', streaming: null, offline: pick(window, fields) });
  }
  const equal = differences.length === 0;
  const summary = equal
    ? `✅ ${matched} janelas iguais (${fields.join(', ')}) entre o streaming e o offline`
    : `❌ ${differences.length} diferença(s): ${streamingById.size} janelas no streaming, ${offlineById.size} no offline, ${matched} em comum`;
  return { equal, matched, streamingWindows: streamingById.size, offlineWindows: offlineById.size, differences, summary };
}

/** Keeps the last result per window: what an every-update (`current`) stream converges to. */
export function latestWindows<W extends ComparableWindow>(results: readonly W[]): W[] {
  const latest = new Map<string, W>();
  for (const result of results) latest.set(idOf(result), result);
  return [...latest.values()];
}

function pick(window: ComparableWindow, fields: readonly string[]): string {
  return fields.map((field) => `${field}=${String(valueOf(window, field))}`).join(' ');
}

const valueOf = (window: ComparableWindow, field: string): unknown => (window as unknown as Record<string, unknown>)[field];
