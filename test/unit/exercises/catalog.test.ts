import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../kernel-helpers/src/exercises/catalog/index';
import { loadReferenceSolution } from '../../../kernel-helpers/src/exercises/reference-solutions';

const ROOT = resolve(__dirname, '../../..');
const SOLUTIONS = join(ROOT, 'notebooks/solutions');
const notebooks = [...new Set(Object.values(catalog).map((definition) => definition.notebook))].sort();

describe('exercise catalog', () => {
  it.each(notebooks)('every exercise of %s has a reference solution', (notebook) => {
    const ids = Object.entries(catalog).filter(([, definition]) => definition.notebook === notebook).map(([id]) => id);
    expect(ids.length, 'at least two exercises per notebook').toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(typeof loadReferenceSolution(notebook, id, SOLUTIONS)).toBe('function');
  });

  // Notebooks still being written (their exercises exist first) are checked once they are in notebooks/.
  it.each(notebooks.filter((notebook) => existsSync(join(ROOT, 'notebooks', `${notebook}.ipynb`))))('every exercise of %s has a TODO cell in the notebook', (notebook) => {
    const ids = Object.entries(catalog).filter(([, definition]) => definition.notebook === notebook).map(([id]) => id);
    const cells = JSON.parse(readFileSync(join(ROOT, 'notebooks', `${notebook}.ipynb`), 'utf8')).cells as Array<{ source: string[] }>;
    for (const id of ids) {
      // exercise(id, ...) for a standalone exercise, stage(id, ...) for a stage of the capstone.
      const cell = cells.find((c) => c.source.join('').includes(`exercise('${id}'`) || c.source.join('').includes(`stage('${id}'`));
      expect(cell, `a cell calls exercise('${id}', ...) or stage('${id}', ...)`).toBeDefined();
      expect(cell?.source.join(''), 'the stub in the repository is still a TODO').toMatch(/todo\(/);
    }
  });

  it('reference solutions type-check against the published API', () => {
    const files = notebooks.map((notebook) => join(SOLUTIONS, `${notebook}.ts`));
    const program = ts.createProgram(files, { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: ['node'] });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 60_000);
});
