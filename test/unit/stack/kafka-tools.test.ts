import { describe, expect, it } from 'vitest';
import { isKafkaTool, KAFKA_TOOLS, kafkaToolArguments } from '../../../kernel-helpers/src/stack/kafka-tools';

describe('kafkaToolArguments', () => {
  it('runs the tool class with the stack bootstrap appended', () => {
    const args = kafkaToolArguments('topics', ['--describe', '--topic', 't'], '127.0.0.1:9', 'a.jar:b.jar');
    expect(args.slice(0, 2)).toEqual(['-cp', 'a.jar:b.jar']);
    expect(args.slice(-5)).toEqual(['--describe', '--topic', 't', '--bootstrap-server', '127.0.0.1:9']);
    expect(args).toContain('org.apache.kafka.tools.TopicCommand');
  });

  it('keeps a --bootstrap-server the user gave and adds none', () => {
    const args = kafkaToolArguments('consumer-groups', ['--list', '--bootstrap-server', 'h:1'], '127.0.0.1:9', 'cp');
    expect(args.filter((arg) => arg === '--bootstrap-server')).toHaveLength(1);
    expect(args.at(-1)).toBe('h:1');
  });
});

describe('isKafkaTool', () => {
  it('knows the scripts the lessons show and nothing else', () => {
    expect(Object.keys(KAFKA_TOOLS)).toEqual(expect.arrayContaining(['topics', 'consumer-groups', 'console-consumer']));
    expect(isKafkaTool('topics')).toBe(true);
    expect(isKafkaTool('__proto__')).toBe(false);
    expect(isKafkaTool('toString')).toBe(false);
  });
});
