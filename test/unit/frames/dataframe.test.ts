import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { frameHtml, rowsOf, toDataFrame } from '../../../kernel-helpers/src/frames/index';

describe('toDataFrame / rowsOf', () => {
  it('round-trips rows through a Polars DataFrame, a missing field becoming null', () => {
    const frame = toDataFrame([{ origin: 'ATL', delay: 12 }, { origin: 'ORD', delay: -3, extra: 'x' }]);
    expect(frame.shape).toEqual({ height: 2, width: 3 });
    expect(frame.columns).toEqual(['origin', 'delay', 'extra']);
    expect(rowsOf(frame)).toEqual([{ origin: 'ATL', delay: 12, extra: null }, { origin: 'ORD', delay: -3, extra: 'x' }]);
  });

  it('turns 64-bit integers back into plain numbers for charts', () => {
    const rows = rowsOf(toDataFrame([{ n: 3 }]).withColumns(pl.col('n').cast(pl.Int64)));
    expect(rows).toEqual([{ n: 3 }]);
    expect(typeof rows[0].n).toBe('number');
  });

  it('renders an HTML table with the shape and dtypes, not a text dump', () => {
    const html = frameHtml(toDataFrame(Array.from({ length: 30 }, (_, i) => ({ i, name: `<a${i}>` }))), 5);
    expect(html).toContain('DataFrame 30 × 2');
    expect(html).toContain('<table>');
    expect(html.match(/<tr>/g)).toHaveLength(6); // header + 5 rows
    expect(html).toContain('&lt;a0&gt;');
    expect(html).toContain('mais 25 linhas');
  });

  it('rejects what is not an array of rows with a hint', () => {
    expect(() => toDataFrame('nope' as never)).toThrow(/array of rows/);
  });
});

describe('installation', () => {
  it('keeps the platform build installable by npm ci on Node 20 (no engines on its lock entry)', () => {
    // nodejs-polars-linux-x64-gnu@0.25.2 declares engines node >= 22 although it runs on Node 20;
    // npm silently skips an optional package whose engines do not match. See README, DataFrames.
    const lock = JSON.parse(readFileSync(resolve(__dirname, '../../../package-lock.json'), 'utf8'));
    const entry = lock.packages['node_modules/nodejs-polars-linux-x64-gnu'];
    expect(entry?.version).toBe('0.25.2');
    expect(entry.optional).toBe(true);
    expect(entry.engines).toBeUndefined();
  });
});
