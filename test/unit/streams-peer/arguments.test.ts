import { describe, expect, it } from 'vitest';
import { outputTopics, parseStateLine, peerArguments, StreamsPeerError } from '../../../kernel-helpers/src/streams-peer/arguments';

const base = { bootstrap: '127.0.0.1:9092', input: 'readings', outputPrefix: 'counts', applicationId: 'app', processingGuarantee: 'exactly_once_v2' as const };

describe('streams-peer arguments', () => {
  it('passes only the window sizes that were given, in the units given, and always ties the JVM to stdin', () => {
    expect(peerArguments({ ...base, windows: { size: 60_000, grace: '10s' } })).toEqual([
      '--bootstrap=127.0.0.1:9092',
      '--input=readings',
      '--output-prefix=counts',
      '--application-id=app',
      '--processing-guarantee=exactly_once_v2',
      '--size=60000',
      '--grace=10s',
      '--exit-on-stdin-eof',
    ]);
  });

  it('rejects durations the Java side would not parse, with a typed error and a hint', () => {
    for (const bad of ['10 s', '1.5s', '-5s', '5d', 1.5]) {
      expect(() => peerArguments({ ...base, windows: { advance: bad } })).toThrow(StreamsPeerError);
    }
  });

  it('reads the state lines the peer prints and ignores everything else', () => {
    expect(parseStateLine('streams-peer: state REBALANCING -> RUNNING')).toEqual({ from: 'REBALANCING', to: 'RUNNING' });
    expect(parseStateLine('[2026-01-01] WARN state REBALANCING -> RUNNING (x)')).toBeUndefined();
  });

  it('names one output topic per window type after the prefix', () => {
    expect(outputTopics('c')).toEqual({ tumbling: 'c-tumbling', hopping: 'c-hopping', sliding: 'c-sliding', session: 'c-session' });
  });
});
