import { describe, expect, it } from 'vitest';
import { BatchQueue, within } from '../../../kernel-helpers/src/streams/runtime/batch-queue';
import { Lifecycle } from '../../../kernel-helpers/src/streams/runtime/lifecycle';

describe('the KafkaStreams lifecycle: one state field', () => {
  it('goes created → starting → running → stopping → stopped, and may start again', () => {
    const lifecycle = new Lifecycle();
    const seen = [lifecycle.state];
    for (const next of ['starting', 'running', 'stopping', 'stopped', 'starting'] as const) {
      lifecycle.to(next);
      seen.push(lifecycle.state);
    }
    expect(seen).toEqual(['created', 'starting', 'running', 'stopping', 'stopped', 'starting']);
  });

  it('refuses transitions Kafka Streams would not make', () => {
    const lifecycle = new Lifecycle();
    expect(() => lifecycle.to('running')).toThrow(/cannot go from created to running/);
    lifecycle.to('starting');
    expect(lifecycle.startable).toBe(false);
    expect(() => lifecycle.to('stopped')).toThrow(expect.objectContaining({ message: 'KafkaStreams cannot go from starting to stopped', hint: 'allowed from starting: running, stopping, failed' }));
  });

  it('keeps the first failure through a stop, and forgets it on the next start', () => {
    const lifecycle = new Lifecycle();
    lifecycle.to('starting');
    lifecycle.to('running');
    lifecycle.fail(new Error('consumer crashed'));
    expect([lifecycle.state, lifecycle.active, lifecycle.failure?.message]).toEqual(['failed', false, 'consumer crashed']);
    lifecycle.to('stopping');
    expect(lifecycle.failure).toBeUndefined();
    lifecycle.fail(new Error('second'));
    expect(lifecycle.failure?.message).toBe('consumer crashed');
    lifecycle.to('starting');
    expect([lifecycle.state, lifecycle.active, lifecycle.failure]).toEqual(['starting', true, undefined]);
  });
});

describe('the batch queue: one batch at a time, with bounded waits', () => {
  it('runs batches in order, one at a time, and says when one is in progress', async () => {
    const queue = new BatchQueue();
    const order: string[] = [];
    let release!: () => void;
    const first = queue.run(() => new Promise<void>((resolveFirst) => (release = () => (order.push('first'), resolveFirst()))));
    const second = queue.run(async () => void order.push('second'));
    expect(queue.busy).toBe(true);
    await new Promise((resolveTick) => setTimeout(resolveTick, 10));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    expect(queue.busy).toBe(false);
  });

  it('runs the next batch after one that failed', async () => {
    const queue = new BatchQueue();
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(async () => 42)).resolves.toBe(42);
  });

  it('gives up waiting for a batch that never ends (drained → false) and for a promise that never settles (within → undefined)', async () => {
    const queue = new BatchQueue();
    void queue.run(() => new Promise(() => undefined));
    const started = Date.now();
    expect(await queue.drained(100)).toBe(false);
    expect(await within(new Promise(() => undefined), 50)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await within(Promise.resolve('done'), 50)).toBe('done');
    await expect(within(Promise.reject(new Error('no')), 50)).rejects.toThrow('no');
  });
});
