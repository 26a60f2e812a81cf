import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const notebooks = readdirSync(join(ROOT, 'notebooks')).filter((name) => /^\d\d-.*\.ipynb$/.test(name)).sort();

// The same command learners and CI run (npm run notebooks), on every notebook, against the real stack.
describe('every notebook runs headlessly on the real stack', () => {
  it.each(notebooks)('%s passes', (name) => {
    const run = spawnSync('node', [join(ROOT, 'kernel-helpers/dist/jupyter/cli.js'), 'run', join('notebooks', name)], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, STREAMLAB_SOLUTIONS: '1' },
      timeout: 900_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`PASS\\s+${name.replace('.ipynb', '')}`));
    const executed = JSON.parse(readFileSync(join(ROOT, 'build/notebooks', name), 'utf8'));
    const outputs = executed.cells.flatMap((cell: { outputs?: unknown[] }) => cell.outputs ?? []);
    expect(outputs.length, 'an executed notebook shows something').toBeGreaterThan(0);
  }, 900_000);
});
