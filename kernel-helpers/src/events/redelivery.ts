/**
 * Redelivery on purpose: a consumer that commits after processing and is restarted between
 * processing a record and committing it reads that record again. This runs a group through
 * such restarts so a notebook or test can count what the side effect saw.
 */
import { joinGroup, type ConsumedRecord } from '../kafka/index.js';
import { StreamlabError } from '../errors.js';
import { waitUntil } from '../wait.js';

/** The crash `consumeWithRestarts` injects after processing, before the commit. */
export class SimulatedCrash extends StreamlabError {}

export interface RestartOptions<V> {
  /** How many distinct records the topic holds: the run ends once each was processed at least once. */
  records: number;
  /** Per run, after how many processed records the member crashes (before committing that one). */
  crashAfter: number[];
  /** The processing (side effect) of one record. */
  handle: (record: ConsumedRecord<V>) => Promise<void>;
  /** Per run, default 30 s. */
  timeoutMs?: number;
}

/** What a run with restarts delivered. */
export interface RestartSummary {
  /** Records handed to `handle` in total (with redeliveries). */
  deliveries: number;
  /** Distinct records (topic/partition/offset) processed. */
  distinct: number;
  restarts: number;
}

/**
 * Consumes `topic` as group `groupId` with commit after processing; run i crashes right after
 * processing its `crashAfter[i]`-th record (that record's offset is not committed), and a new
 * member of the same group takes over, as a restarted service would. Ends when every record was
 * processed; every member is stopped before it returns.
 */
export async function consumeWithRestarts<V>(groupId: string, topic: string, options: RestartOptions<V>): Promise<RestartSummary> {
  const processed = new Set<string>();
  let deliveries = 0;
  let restarts = 0;
  for (let run = 0; processed.size < options.records; run += 1) {
    const crashAt = options.crashAfter[run];
    let inRun = 0;
    const member = await joinGroup<V>(groupId, topic, {
      name: `${groupId}-run-${run}`,
      commit: 'after-processing',
      onRecord: async (record) => {
        await options.handle(record);
        deliveries += 1;
        inRun += 1;
        processed.add(`${record.partition}/${record.offset}`);
        if (inRun === crashAt) throw new SimulatedCrash(`run ${run} crashed after processing offset ${record.offset}, before committing it`);
      },
    });
    try {
      await waitUntil(async () => member.failure !== undefined || processed.size >= options.records, {
        what: `run ${run} of group "${groupId}" to process the topic or crash`,
        timeoutMs: options.timeoutMs ?? 30_000,
        hint: 'is the topic holding `records` records?',
      });
    } finally {
      await member.stop();
    }
    if (member.failure !== undefined && !(member.failure instanceof SimulatedCrash)) throw member.failure;
    if (member.failure !== undefined) restarts += 1;
  }
  return { deliveries, distinct: processed.size, restarts };
}
