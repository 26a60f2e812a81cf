import type { JoinWindows, WindowDefinition } from '../windows.js';
import { describeWindows } from '../windows.js';
import type { Aggregation, WindowedAggregationSettings } from './aggregation.js';
import { forward, type Processor, type TaskContext, type TopologyNode } from './processor.js';
import { sessionWindowAggregate } from './session-window-aggregate.js';
import { slidingWindowAggregate } from './sliding-window-aggregate.js';
import { streamJoinSide } from './stream-join.js';
import type { StateStore } from './state-store.js';
import { droppedForNullKey } from './stream-time.js';
import { timeWindowAggregate } from './time-window-aggregate.js';

/** The processor-making half of a node; `node()` adds the name and children list. */
type NodeSpec = Omit<TopologyNode, 'name' | 'children'>;

/** Numbers nodes in build order, as Kafka Streams names them (KSTREAM-FILTER-0000000001). */
export class NodeNamer {
  private next = 0;

  name(kind: string): string {
    return `${kind}-${String(this.next++).padStart(10, '0')}`;
  }
}

/** A topology node named `name`, with no children yet. */
export function node(name: string, spec: NodeSpec): TopologyNode {
  return { name, children: [], ...spec };
}

/** Passes records on unchanged: sources and toStream(). */
export function passThrough(detail?: string): NodeSpec {
  return { detail, create: (_context, children) => ({ process: (key, value, timestamp) => forward(children, key, value, timestamp) }) };
}

/** Passes on records `predicate` accepts. */
export function filterNode(predicate: (value: never, key: string | null) => boolean): NodeSpec {
  return {
    create: (_context, children) => ({
      process(key, value, timestamp) {
        if (predicate(value as never, key)) forward(children, key, value, timestamp);
      },
    }),
  };
}

/** Replaces each value, keeping the key. */
export function mapValuesNode(mapper: (value: never, key: string | null) => unknown): NodeSpec {
  return { create: (_context, children) => ({ process: (key, value, timestamp) => forward(children, key, mapper(value as never, key), timestamp) }) };
}

/** A new key and value per record. */
export function mapNode(mapper: (value: never, key: string | null) => { key: string | null; value: unknown }): NodeSpec {
  return {
    changesKey: true,
    create: (_context, children) => ({
      process(key, value, timestamp) {
        const mapped = mapper(value as never, key);
        forward(children, mapped.key, mapped.value, timestamp);
      },
    }),
  };
}

/** Zero or more records (new keys and values) per record. */
export function flatMapNode(mapper: (value: never, key: string | null) => Iterable<{ key: string | null; value: unknown }>): NodeSpec {
  return {
    changesKey: true,
    create: (_context, children) => ({
      process(key, value, timestamp) {
        for (const mapped of mapper(value as never, key)) forward(children, mapped.key, mapped.value, timestamp);
      },
    }),
  };
}

/** Replaces each key, keeping the value. */
export function selectKeyNode(selector: (value: never, key: string | null) => string | null): NodeSpec {
  return {
    changesKey: true,
    create: (_context, children) => ({ process: (key, value, timestamp) => forward(children, selector(value as never, key), value, timestamp) }),
  };
}

/** Calls `action` on each record and passes it on unchanged. */
export function peekNode(action: (value: never, key: string | null, timestamp: number) => void): NodeSpec {
  return {
    create: (_context, children) => ({
      process(key, value, timestamp) {
        action(value as never, key, timestamp);
        forward(children, key, value, timestamp);
      },
    }),
  };
}

/**
 * Sends each record to the first branch whose predicate accepts it (Kafka Streams' `branch`).
 * The node's children are the branches, in predicate order.
 */
export function branchNode(predicates: Array<(value: never, key: string | null) => boolean>): NodeSpec {
  return {
    create: (_context, children) => ({
      process(key, value, timestamp) {
        for (let index = 0; index < predicates.length; index++) {
          if (predicates[index](value as never, key)) {
            children[index].process(key, value, timestamp);
            return;
          }
        }
      },
    }),
  };
}

/** Writes each record to `topic`. */
export function sinkNode(topic: string): NodeSpec {
  return {
    detail: `topic: ${topic}`,
    create: (context) => ({
      process(key, value, timestamp) {
        context.metrics.recordsOut++;
        context.send(topic, key, value, timestamp);
      },
    }),
  };
}

/**
 * Writes each record to the repartition topic `topic` (the runtime prefixes it with the
 * application id; the broker's key hash picks the partition, so every record of a key meets the
 * same task). Records without a key are dropped here, as the aggregation or join behind would.
 */
export function repartitionSinkNode(topic: string): NodeSpec {
  return {
    detail: `repartition topic: ${topic}`,
    create: (context) => ({
      process(key, value, timestamp) {
        if (droppedForNullKey(key, context)) return;
        context.send(topic, key, value, timestamp);
      },
    }),
  };
}

/** A windowed count/reduce/aggregate: the window type picks the state machine. */
export function windowedAggregateNode(windows: WindowDefinition, aggregation: Aggregation<unknown>, settings: WindowedAggregationSettings): NodeSpec {
  return {
    stateful: true,
    detail: `${describeWindows(windows)}, store: ${settings.store}, emit: ${settings.emit}`,
    create(context, children) {
      switch (windows.kind) {
        case 'tumbling':
        case 'hopping':
          return timeWindowAggregate(windows, aggregation, settings, context, children);
        case 'sliding':
          return slidingWindowAggregate(windows, aggregation, settings, context, children);
        case 'session':
          return sessionWindowAggregate(windows, aggregation, settings, context, children);
      }
    },
  };
}

/** A table row: the latest value of a key and the timestamp of the record that set it. */
export interface TableRow {
  value: unknown;
  timestamp: number;
}

/** groupByKey().count()/reduce()/aggregate(): one running aggregate per key, every update forwarded. */
export function keyAggregateNode(aggregation: Aggregation<unknown>, store: string): NodeSpec {
  return {
    stateful: true,
    detail: `store: ${store}`,
    create(context, children) {
      const rows: StateStore<TableRow> = context.store(store);
      return {
        process(key, value, timestamp) {
          if (key === null || value === null || value === undefined) {
            context.metrics.nullKeyRecords++;
            return;
          }
          let row = rows.get(key);
          if (row === undefined) rows.set(key, (row = { value: aggregation.add(aggregation.initial(), value, key), timestamp }));
          else {
            row.value = aggregation.add(row.value, value, key);
            if (timestamp > row.timestamp) row.timestamp = timestamp;
            rows.touch(key);
          }
          forward(children, key, row.value, row.timestamp);
        },
      };
    },
  };
}

/** table(topic): keeps the latest value per key (null deletes it) and forwards each change. */
export function tableSourceNode(store: string, topic: string): NodeSpec {
  return {
    stateful: true,
    detail: `topic: ${topic}, store: ${store}`,
    create(context, children) {
      const rows: StateStore<TableRow> = context.store(store);
      return {
        process(key, value, timestamp) {
          if (droppedForNullKey(key, context)) return;
          if (value === null || value === undefined) rows.delete(key);
          else rows.set(key, { value, timestamp });
          forward(children, key, value ?? null, timestamp);
        },
      };
    },
  };
}

/** Stream–table join: each stream record meets the table's current row for its key. */
export function streamTableJoinNode(store: string, joiner: (value: never, row: never, key: string) => unknown, left: boolean): NodeSpec {
  return {
    stateful: true,
    detail: `${left ? 'left join' : 'join'} with store: ${store}`,
    create(context: TaskContext, children: Processor[]) {
      const rows: StateStore<TableRow> = context.store(store);
      return {
        process(key, value, timestamp) {
          if (droppedForNullKey(key, context)) return;
          const row = rows.get(key);
          if (row === undefined && !left) return;
          forward(children, key, joiner(value as never, (row?.value ?? null) as never, key), timestamp);
        },
      };
    },
  };
}

/** One side of a windowed stream–stream join; both sides share state through `name`. */
export function streamJoinSideNode(name: string, side: 'left' | 'right', windows: JoinWindows, joiner: (left: never, right: never, key: string) => unknown): NodeSpec {
  return {
    stateful: true,
    detail: `${side} side of ${name}, ±${windows.beforeMs} ms, grace ${windows.graceMs} ms`,
    create: (context, children) => streamJoinSide(name, side, windows, joiner, context, children),
  };
}
