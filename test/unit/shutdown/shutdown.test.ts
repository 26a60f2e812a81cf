import { describe, expect, it } from 'vitest';
import { onShutdown, runShutdown } from '../../../kernel-helpers/src/shutdown';

describe('what the process stops when it ends', () => {
  it('runs every registered cleanup once, and not the ones unregistered', async () => {
    const ran: string[] = [];
    onShutdown(() => void ran.push('producer'));
    const forget = onShutdown(() => void ran.push('closed by its cell'));
    onShutdown(async () => void ran.push('tail'));
    forget();
    await runShutdown();
    await runShutdown();
    expect(ran.sort()).toEqual(['producer', 'tail']);
  });

  it('does not wait longer than the bound for a cleanup that hangs, nor fail on one that throws', async () => {
    const ran: string[] = [];
    onShutdown(() => new Promise<void>(() => undefined));
    onShutdown(() => {
      throw new Error('broker gone');
    });
    onShutdown(() => void ran.push('after'));
    const started = Date.now();
    await runShutdown(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(ran).toEqual(['after']);
  });
});
