import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainFlinkError, sqlPosition, traceCauses } from '../../../kernel-helpers/src/flink/errors';
import { hintFor } from '../../../kernel-helpers/src/flink/gateway';

/** Error bodies captured from the Flink 2.2.1 SQL Gateway (HTTP 500 on a result fetch). */
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'));

describe('explainFlinkError on real SQL Gateway error bodies', () => {
  it('gives the validator message and position for an unknown column', () => {
    const summary = explainFlinkError(fixture('column-not-found'));
    expect(summary.message).toBe("SQL validation failed. From line 1, column 8 to line 1, column 11: Column 'nope' not found in any table");
    expect(summary.position).toEqual({ line: 1, column: 8 });
    expect(summary.exception).toBe('org.apache.flink.table.api.ValidationException');
  });

  it('gives the parser message for a statement that does not parse', () => {
    expect(explainFlinkError(fixture('parse-error')).message).toBe('SQL parse failed. Non-query expression encountered in illegal context');
  });

  it('names the missing table', () => {
    expect(explainFlinkError(fixture('table-not-found')).message).toMatch(/Object 'no_such_table' not found$/);
  });

  it('explains a window over a column that is not a time attribute', () => {
    expect(explainFlinkError(fixture('not-time-attribute')).message).toBe('Window aggregate can only be defined over a time attribute column, but TIMESTAMP(0) encountered.');
  });

  it('names the topic and the Kafka reason when a job reads a topic that does not exist', () => {
    expect(explainFlinkError(fixture('missing-topic')).message).toBe(
      'Failed to get metadata for topics [flink-no-such-topic-xyz]: This server does not host this topic-partition.',
    );
  });

  it('never returns a Java frame or a multi-line message', () => {
    for (const name of ['column-not-found', 'parse-error', 'table-not-found', 'not-time-attribute', 'missing-topic']) {
      const { message } = explainFlinkError(fixture(name));
      expect(message).not.toMatch(/\n|\tat |Exception on server side/);
    }
  });
});

describe('trace parsing', () => {
  it('joins continuation lines and stops at frames', () => {
    const trace = 'a.b.FooException: first\nsecond line\n\tat x.y(Z.java:1)\nCaused by: a.b.BarException: deep\n\t... 3 more';
    expect(traceCauses(trace)).toEqual([
      { exception: 'a.b.FooException', message: 'first\nsecond line' },
      { exception: 'a.b.BarException', message: 'deep' },
    ]);
  });

  it('keeps only the parser line before "Was expecting"', () => {
    const trace = 'org.apache.flink.table.api.SqlParserException: SQL parse failed. Encountered "FORM" at line 1, column 10.\nWas expecting one of:\n    <EOF>\n\tat x.y(Z.java:1)';
    expect(explainFlinkError(trace)).toMatchObject({ message: 'SQL parse failed. Encountered "FORM" at line 1, column 10.', position: { line: 1, column: 10 } });
  });

  it('finds positions the way Calcite writes them', () => {
    expect(sqlPosition('From line 2, column 5 to line 2, column 9: x')).toEqual({ line: 2, column: 5 });
    expect(sqlPosition('no position')).toBeUndefined();
  });

  it('hints by kind of error', () => {
    expect(hintFor("Column 'x' not found in any table")).toMatch(/DESCRIBE/);
    expect(hintFor('Window aggregate can only be defined over a time attribute column')).toMatch(/WATERMARK/);
    expect(hintFor('Failed to get metadata for topics [t]')).toMatch(/createTopic/);
  });
});
