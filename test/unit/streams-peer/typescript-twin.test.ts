import { describe, expect, it } from 'vitest';
import { DEFAULT_PEER_WINDOWS, peerWindowDefinitions, typescriptTwin } from '../../../kernel-helpers/src/streams-peer/index';

describe('typescriptTwin', () => {
  it('uses the peer defaults for windows not given', () => {
    const windows = peerWindowDefinitions({ grace: '5s' });
    expect(windows.tumbling).toMatchObject({ kind: 'tumbling', sizeMs: DEFAULT_PEER_WINDOWS.size, graceMs: 5000 });
    expect(windows.hopping).toMatchObject({ kind: 'hopping', sizeMs: 60_000, advanceMs: DEFAULT_PEER_WINDOWS.advance });
    expect(windows.sliding).toMatchObject({ kind: 'sliding', maxDifferenceMs: DEFAULT_PEER_WINDOWS.slidingDifference });
    expect(windows.session).toMatchObject({ kind: 'session', inactivityGapMs: DEFAULT_PEER_WINDOWS.sessionGap });
  });

  it('builds four final counts with the Java store names, writing to the peer topic names', () => {
    const topology = typescriptTwin({ input: 'readings', outputPrefix: 'counts', windows: { size: '1m', advance: '30s' } });
    expect(topology.sourceTopics).toEqual(['readings']);
    expect([...topology.sinkTopics].sort()).toEqual(['counts-hopping', 'counts-session', 'counts-sliding', 'counts-tumbling']);
    expect(topology.stores.filter((store) => !store.endsWith('-suppress-buffer'))).toEqual(['tumbling-counts', 'hopping-counts', 'sliding-counts', 'session-counts']);
    expect(topology.describe()).toContain('hopping(size 1m, advance 30s, grace 10s), store: hopping-counts, emit: final');
  });
});
