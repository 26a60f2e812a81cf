import { describe, expect, it } from 'vitest';
import { intervalLiteral, kafkaTableDdl, quoteIdentifier } from '../../../kernel-helpers/src/flink/ddl';

describe('kafkaTableDdl', () => {
  const spec = { name: 'events', topic: 'events', bootstrap: '127.0.0.1:9092', schema: { user_id: 'STRING', event_time: 'TIMESTAMP(3)' } };

  it('declares the columns, the watermark and the Kafka JSON options', () => {
    expect(kafkaTableDdl({ ...spec, eventTime: 'event_time', watermark: '5 s' })).toBe(
      [
        'CREATE TABLE events (',
        '  user_id STRING,',
        '  event_time TIMESTAMP(3),',
        "  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND",
        ') WITH (',
        "  'connector' = 'kafka',",
        "  'topic' = 'events',",
        "  'properties.bootstrap.servers' = '127.0.0.1:9092',",
        "  'scan.startup.mode' = 'earliest-offset',",
        "  'format' = 'json',",
        "  'json.timestamp-format.standard' = 'ISO-8601'",
        ')',
      ].join('\n'),
    );
  });

  it('adds the deterministic and bounded options only when asked', () => {
    const ddl = kafkaTableDdl({ ...spec, eventTime: 'event_time', bounded: true, deterministic: true, groupId: 'g', options: { 'json.ignore-parse-errors': 'true' } });
    expect(ddl).toContain("'scan.bounded.mode' = 'latest-offset'");
    expect(ddl).toContain("'scan.watermark.emit.strategy' = 'on-event'");
    expect(ddl).toContain("'properties.group.id' = 'g'");
    expect(ddl).toContain("'json.ignore-parse-errors' = 'true'");
    expect(kafkaTableDdl(spec)).not.toMatch(/bounded|emit.strategy|WATERMARK/);
  });

  it('quotes names and strings that need it', () => {
    expect(quoteIdentifier('event_time')).toBe('event_time');
    expect(quoteIdentifier('user-id')).toBe('`user-id`');
    expect(kafkaTableDdl({ ...spec, topic: "it's" })).toContain("'topic' = 'it''s'");
  });

  it('rejects an event-time column that is not in the schema', () => {
    expect(() => kafkaTableDdl({ ...spec, eventTime: 'ts' })).toThrow(/eventTime "ts" is not a column/);
  });

  it('writes watermark delays as Flink intervals', () => {
    expect(intervalLiteral('10 SECOND')).toBe("INTERVAL '10' SECOND");
    expect(intervalLiteral('500 ms')).toBe("INTERVAL '0.500' SECOND");
    expect(intervalLiteral(2000)).toBe("INTERVAL '2' SECOND");
    expect(intervalLiteral('1 min')).toBe("INTERVAL '1' MINUTE");
    expect(() => intervalLiteral('soon')).toThrow(/not a duration/);
  });
});
