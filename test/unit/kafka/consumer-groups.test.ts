import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { computeLag, decodeAssignment } from '../../../kernel-helpers/src/kafka/consumer-groups';
import { isBalanced } from '../../../kernel-helpers/src/kafka/group-consumer';

describe('computeLag', () => {
  it('is end minus committed per partition, sorted by partition', () => {
    const rows = computeLag(
      't',
      [
        { partition: 1, offset: '7' },
        { partition: 0, offset: '10' },
      ],
      [
        { partition: 1, low: '0', high: '12' },
        { partition: 0, low: '0', high: '10' },
      ],
    );
    expect(rows).toEqual([
      { topic: 't', partition: 0, committed: 10, end: 10, lag: 0 },
      { topic: 't', partition: 1, committed: 7, end: 12, lag: 5 },
    ]);
  });

  it('counts everything still stored as lag when the group committed nothing (offset -1)', () => {
    const [row] = computeLag('t', [{ partition: 0, offset: '-1' }], [{ partition: 0, low: '4', high: '9' }]);
    expect(row).toEqual({ topic: 't', partition: 0, committed: null, end: 9, lag: 5 });
  });

  it('never reports negative lag when a commit points past a truncated end', () => {
    expect(computeLag('t', [{ partition: 0, offset: '20' }], [{ partition: 0, low: '0', high: '15' }])[0].lag).toBe(0);
  });
});

describe('decodeAssignment', () => {
  it('reads the topic → partitions map the coordinator stores for a member', () => {
    const bytes = AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: { orders: [2, 0], clicks: [1] }, userData: Buffer.alloc(0) });
    expect(decodeAssignment(bytes)).toEqual({ orders: [0, 2], clicks: [1] });
  });

  it('is empty for a member without an assignment yet', () => {
    expect(decodeAssignment(Buffer.alloc(0))).toEqual({});
  });
});

describe('isBalanced', () => {
  it('accepts a split where every partition has exactly one owner', () => {
    expect(isBalanced([[0, 3], [1, 4], [2, 5]], 6)).toBe(true);
  });

  it('rejects a partition held twice (a member that has not heard of the rebalance yet)', () => {
    expect(isBalanced([[0, 1, 2, 3, 4, 5], [1, 3, 5]], 6)).toBe(false);
  });

  it('rejects a partition nobody holds', () => {
    expect(isBalanced([[0, 1], [2, 3]], 6)).toBe(false);
  });
});
