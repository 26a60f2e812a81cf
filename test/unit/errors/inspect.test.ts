import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { StackError } from '../../../kernel-helpers/src/errors';

describe('a StreamlabError as a notebook shows it (tslab prints a cell error with console.error)', () => {
  it('is its class, message and hint: no stack, no cause chain', () => {
    const cause = Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:1'), { retriable: true, broker: '127.0.0.1:1' });
    const error = new StackError('lost the broker', { hint: 'npm run stack:up', cause });
    expect(inspect(error)).toBe('StackError: lost the broker\n  hint: npm run stack:up');
    expect(inspect(new StackError('no hint'))).toBe('StackError: no hint');
    expect(error.stack).toMatch(/\n\s+at /); // still there for whoever debugs the library
    expect(error.cause).toBe(cause);
  });
});
