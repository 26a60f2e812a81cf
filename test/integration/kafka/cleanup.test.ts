import { beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { consume, createTopic, deleteGroups, deleteTopicsWithPrefix, describeGroup, kafkaClient, produce } from '@streamlab/kernel-helpers/kafka';

const PREFIX = 'course-it-cleanup-';

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
}, 60_000);

const listTopics = async () => {
  const admin = (await kafkaClient()).admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
};

describe('cleaning up after a lesson', () => {
  it('deleteTopicsWithPrefix deletes exactly the topics with the prefix and returns when their names are free', async () => {
    await createTopic(`${PREFIX}a`);
    await createTopic(`${PREFIX}b`);
    const deleted = await deleteTopicsWithPrefix(PREFIX);
    expect(deleted.sort()).toEqual([`${PREFIX}a`, `${PREFIX}b`]);
    expect((await listTopics()).filter((topic) => topic.startsWith(PREFIX))).toEqual([]);
    // The name is free at once: creating it again succeeds.
    expect(await createTopic(`${PREFIX}a`)).toBe(true);
    expect(await deleteTopicsWithPrefix(PREFIX)).toEqual([`${PREFIX}a`]);
    expect(await deleteTopicsWithPrefix(PREFIX)).toEqual([]);
  }, 90_000);

  it('deleteGroups deletes a group with commits and skips groups that do not exist', async () => {
    const topic = `${PREFIX}groups`;
    const group = `${PREFIX}group`;
    await createTopic(topic);
    await produce(topic, [{ value: { n: 1 } }]);
    await consume(topic, { groupId: group, max: 1, timeoutMs: 10_000 });
    expect((await describeGroup(group)).state).not.toBe('Dead');
    expect(await deleteGroups([group, `${PREFIX}never-existed`])).toEqual([group]);
    expect(await deleteGroups([group])).toEqual([]);
    await deleteTopicsWithPrefix(PREFIX);
  }, 90_000);
});
