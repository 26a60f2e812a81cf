import { describe, expect, it } from 'vitest';
import { bindStatement } from '@streamlab/kernel-helpers/cdc';

describe('bindStatement', () => {
  it('turns every interpolated value into a numbered placeholder, never into the text', () => {
    const id = "1; DROP TABLE orders; --";
    const strings = Object.assign(['SELECT * FROM orders WHERE id = ', ' AND status = ', ''], { raw: [] as string[] });
    const bound = bindStatement(strings, [id, 'paid']);
    expect(bound.text).toBe('SELECT * FROM orders WHERE id = $1 AND status = $2');
    expect(bound.values).toEqual([id, 'paid']);
  });

  it('leaves a statement without values as it is', () => {
    expect(bindStatement(['SELECT 1'], [])).toEqual({ text: 'SELECT 1', values: [] });
  });
});
