import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const NOTEBOOKS = resolve(__dirname, '../../notebooks');
const notebooks = readdirSync(NOTEBOOKS).filter((name) => name.endsWith('.ipynb')).sort();

/**
 * What is wrong with a committed notebook: not nbformat 4, not declaring the tslab kernel, or
 * carrying outputs from someone's run (noise in diffs, stale results for the learner).
 */
function problems(notebook: unknown): string[] {
  const nb = notebook as Record<string, any>;
  const found: string[] = [];
  if (nb?.nbformat !== 4 || !Number.isInteger(nb?.nbformat_minor)) found.push('not nbformat 4');
  const kernelspec = nb?.metadata?.kernelspec;
  if (kernelspec?.name !== 'tslab' || typeof kernelspec?.display_name !== 'string') {
    found.push(`kernelspec is ${JSON.stringify(kernelspec)}, expected name "tslab" with a display_name`);
  }
  if (!Array.isArray(nb?.cells)) return [...found, 'no cells array'];
  nb.cells.forEach((cell: Record<string, any>, index: number) => {
    if (!['markdown', 'code', 'raw'].includes(cell?.cell_type)) found.push(`cell ${index}: cell_type ${cell?.cell_type}`);
    if (typeof cell?.source !== 'string' && !Array.isArray(cell?.source)) found.push(`cell ${index}: no source`);
    if (typeof cell?.metadata !== 'object' || cell.metadata === null) found.push(`cell ${index}: no metadata object`);
    if (cell?.cell_type !== 'code') return;
    if (!Array.isArray(cell.outputs) || cell.outputs.length > 0) found.push(`cell ${index}: has outputs`);
    if (cell.execution_count !== null) found.push(`cell ${index}: execution_count is ${cell.execution_count}, expected null`);
  });
  return found;
}

describe('committed notebooks', () => {
  it('include the environment smoke test, 00-ambiente', () => {
    expect(notebooks).toContain('00-ambiente.ipynb');
  });

  it.each(notebooks)('%s is clean nbformat 4 for the tslab kernel, with no outputs', (name) => {
    const text = readFileSync(join(NOTEBOOKS, name), 'utf8');
    let notebook: unknown;
    expect(() => (notebook = JSON.parse(text)), `${name} is not valid JSON`).not.toThrow();
    expect(problems(notebook), `${name}: outputs go with Edit > Clear Outputs of All Cells`).toEqual([]);
  });
});
