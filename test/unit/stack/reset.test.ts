import { describe, expect, it } from 'vitest';
import { CONNECT_GROUP, isInternalTopic, planReset } from '../../../kernel-helpers/src/stack/reset';

describe('what stack:reset deletes', () => {
  it('keeps the broker internal topics and Connect storage topics, deletes every lesson topic', () => {
    const topics = ['__consumer_offsets', '__transaction_state', 'streamlab-connect-configs', 'streamlab-connect-offsets', 'streamlab-connect-status', 'orders', 'shop.public.orders', 'lesson-06-counts-changelog', '__proto__x'];
    expect(planReset(topics, []).topics).toEqual(['lesson-06-counts-changelog', 'orders', 'shop.public.orders']);
    expect(isInternalTopic('__cluster_metadata')).toBe(true);
    expect(isInternalTopic('streamlab-orders')).toBe(false);
  });

  it("deletes empty groups, keeps groups with live members and Connect's worker group", () => {
    const plan = planReset([], [
      { groupId: CONNECT_GROUP, state: 'Stable', members: 1 },
      { groupId: 'lesson-03-group', state: 'Empty', members: 0 },
      { groupId: 'connect-sink', state: 'Empty', members: 0 },
      { groupId: 'notebook-still-reading', state: 'Stable', members: 2 },
    ]);
    expect(plan.groups).toEqual(['connect-sink', 'lesson-03-group']);
    expect(plan.activeGroups).toEqual(['notebook-still-reading']);
  });
});
