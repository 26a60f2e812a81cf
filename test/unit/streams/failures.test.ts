import { describe, expect, it } from 'vitest';
import { StreamsError } from '../../../kernel-helpers/src/streams/errors.js';
import { FailureStreak, mayPass, RETRY_BOUND_MS } from '../../../kernel-helpers/src/streams/runtime/failures.js';

const refused = () => Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'), { name: 'KafkaJSConnectionError', retriable: true });

describe('failures a KafkaStreams run rides out', () => {
  it('a failover error wrapped by kafkajs may pass; a bug does not', () => {
    const wrapped = Object.assign(new Error('wrapped'), { name: 'KafkaJSNonRetriableError', retriable: false, cause: Object.assign(new Error('retries'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false, cause: refused() }) });
    expect(mayPass(wrapped)).toBe(true);
    expect(mayPass(Object.assign(new Error('notLeader'), { type: 'NOT_LEADER_OR_FOLLOWER', retriable: true }))).toBe(true);
    expect(mayPass(new TypeError('x is undefined'))).toBe(false);
    expect(mayPass(new StreamsError('input topic "t" not found'))).toBe(false);
  });

  it('holds run() back until a batch of the failing partition succeeds', () => {
    const failures = new FailureStreak();
    failures.failed(refused(), 0, 1000);
    expect(failures.open?.message).toMatch(/ECONNREFUSED/);
    failures.succeeded(1);
    expect(failures.open).toBeDefined();
    failures.succeeded(0);
    expect(failures.open).toBeUndefined();
    expect(failures.count).toBe(1);
  });

  it('a consumer crash ends with any successful batch', () => {
    const failures = new FailureStreak();
    failures.failed(refused(), undefined, 1000);
    failures.succeeded(2);
    expect(failures.open).toBeUndefined();
  });

  it('gives up with one StreamsError once failures have lasted the bound, counted from the first', () => {
    const failures = new FailureStreak();
    failures.failed(refused(), 0, 1000);
    failures.failed(new Error('NOT_COORDINATOR'), 0, 1000 + RETRY_BOUND_MS - 1);
    expect(failures.expired(1000 + RETRY_BOUND_MS - 1)).toBeUndefined();
    const error = failures.expired(1000 + RETRY_BOUND_MS);
    expect(error).toBeInstanceOf(StreamsError);
    expect(error?.message).toBe('processing partition 0 kept failing for 30 s: NOT_COORDINATOR');
    expect(error?.hint).toMatch(/reachable/);
  });

  it('a group join settles the streak (what failed may have nothing left to fetch); a new failure soon after keeps the first clock', () => {
    const failures = new FailureStreak();
    failures.failed(refused(), 0, 1000);
    failures.rejoined();
    expect(failures.open).toBeUndefined();
    expect(failures.expired(1000 + RETRY_BOUND_MS)).toBeUndefined();
    failures.failed(refused(), 0, 5000);
    expect(failures.expired(1000 + RETRY_BOUND_MS)).toBeInstanceOf(StreamsError);
  });

  it('a settled streak long quiet is over: the next failure starts a new clock', () => {
    const failures = new FailureStreak();
    failures.failed(refused(), 0, 1000);
    failures.rejoined();
    failures.failed(refused(), 1, 1000 + RETRY_BOUND_MS + 10);
    expect(failures.expired(1000 + RETRY_BOUND_MS + 20)).toBeUndefined();
    expect(failures.expired(1000 + 2 * RETRY_BOUND_MS + 10)?.message).toMatch(/^processing partition 1 /);
  });
});
