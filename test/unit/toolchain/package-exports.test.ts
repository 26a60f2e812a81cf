import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The library's public surface, as notebooks see it: package.json `exports` serves the concepts
 * notebooks import and keeps the notebook toolchain (Jupyter setup, runner) and the internal tslab
 * adapter out of reach; the kafka and exercises modules export what notebooks call, no more.
 */
const ROOT = resolve(__dirname, '../../..');
const NOTEBOOKS = join(ROOT, 'notebooks');
const fromNotebooks = createRequire(join(NOTEBOOKS, 'notebook.js'));

/** The source of every notebook code cell and every reference solution. */
function notebookCode(): string[] {
  const cells = readdirSync(NOTEBOOKS)
    .filter((name) => name.endsWith('.ipynb'))
    .flatMap((name) => (JSON.parse(readFileSync(join(NOTEBOOKS, name), 'utf8')) as { cells: Array<{ cell_type: string; source: string[] }> }).cells)
    .filter((cell) => cell.cell_type === 'code')
    .map((cell) => cell.source.join(''));
  const solutions = readdirSync(join(NOTEBOOKS, 'solutions')).filter((name) => name.endsWith('.ts')).map((name) => readFileSync(join(NOTEBOOKS, 'solutions', name), 'utf8'));
  return [...cells, ...solutions];
}

/** `{ subpath, names (values only, no `type` imports) }` of every import from the library. */
function libraryImports(): Array<{ subpath: string; names: string[] }> {
  const found: Array<{ subpath: string; names: string[] }> = [];
  for (const code of notebookCode()) {
    for (const match of code.matchAll(/import (type )?\{([^}]*)\} from '@streamlab\/kernel-helpers(?:\/([\w-]+))?'/g)) {
      const names = match[1] ? [] : match[2].split(',').map((name) => name.trim()).filter((name) => name && !name.startsWith('type '));
      found.push({ subpath: match[3] ?? '', names });
    }
  }
  return found;
}

describe('package exports', () => {
  it('every subpath a notebook or reference solution imports resolves, and none is the toolchain', () => {
    const subpaths = [...new Set(libraryImports().map((entry) => entry.subpath))].sort();
    expect(subpaths).toEqual(expect.arrayContaining(['cdc', 'exercises', 'kafka', 'stack', 'streams', 'viz']));
    for (const subpath of subpaths) {
      expect(['jupyter', 'toolchain', 'notebook']).not.toContain(subpath);
      expect(fromNotebooks.resolve(`@streamlab/kernel-helpers/${subpath}`)).toContain(join('kernel-helpers', 'dist', subpath));
    }
  });

  it('the toolchain is reachable only as its own entry; the tslab adapter not at all', () => {
    for (const hidden of ['jupyter', 'notebook']) {
      expect(() => fromNotebooks.resolve(`@streamlab/kernel-helpers/${hidden}`)).toThrow(expect.objectContaining({ code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' }));
    }
    expect(fromNotebooks.resolve('@streamlab/kernel-helpers/toolchain')).toContain(join('dist', 'toolchain'));
  });
});

describe('module surfaces', () => {
  it('kafka: one way to get a client (kafkaClient), not three', async () => {
    const kafka = await import('../../../kernel-helpers/src/kafka/index');
    expect(Object.keys(kafka)).toContain('kafkaClient');
    for (const gone of ['createKafka', 'clientFor', 'kafka']) expect(Object.keys(kafka)).not.toContain(gone);
  });

  it('exercises: exports exactly the values notebooks and their solutions import', async () => {
    const exercises = await import('../../../kernel-helpers/src/exercises/index');
    const used = new Set(libraryImports().filter((entry) => entry.subpath === 'exercises').flatMap((entry) => entry.names));
    expect(Object.keys(exercises).sort()).toEqual([...used].sort());
  });
});
