/**
 * Idempotent consumers: every event carries a unique id (the outbox's `id` header); a consumer
 * remembers the ids it has applied and skips a redelivered one. The pure part lives here.
 */
import { StreamlabError } from '../errors.js';

/** A record with no usable event id: it cannot be deduplicated (a poison record). */
export class MissingEventIdError extends StreamlabError {}

/** The event id of a record: header `header` (default `id`, as EventRouter writes it). */
export function eventIdOf(record: { headers: Record<string, string>; topic?: string; offset?: string }, header = 'id'): string {
  const id = Object.prototype.hasOwnProperty.call(record.headers, header) ? record.headers[header] : undefined;
  if (!id) {
    throw new MissingEventIdError(`record ${record.topic ?? '?'}@${record.offset ?? '?'} has no "${header}" header`, {
      hint: 'every event needs a unique id to be deduplicated: write it in the outbox (EventRouter sends it as the "id" header)',
    });
  }
  return id;
}

/**
 * An in-memory processed-ids set: `firstTime(id)` is true once per id. Good for tests and for
 * showing the idea; a real consumer keeps its ids where its side effect lives (see idempotent.ts).
 */
export class ProcessedIds {
  private readonly seen = new Set<string>();
  /** Ids seen a second (or later) time. */
  duplicates = 0;

  /** True the first time `id` is seen, false afterwards (and counts the duplicate). */
  firstTime(id: string): boolean {
    if (this.seen.has(id)) {
      this.duplicates += 1;
      return false;
    }
    this.seen.add(id);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}

/** How many of `ids` are repeats, and which ids repeat (with their counts). Pure. */
export function countDuplicates(ids: Iterable<string>): { total: number; distinct: number; duplicates: number; repeated: Map<string, number> } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const id of ids) {
    counts.set(id, (counts.get(id) ?? 0) + 1);
    total += 1;
  }
  const repeated = new Map([...counts].filter(([, count]) => count > 1));
  return { total, distinct: counts.size, duplicates: total - counts.size, repeated };
}
