#!/usr/bin/env node
/**
 * npm run reset-exercises [-- notebooks/NN-x.ipynb ...] [--mark]: every exercise cell back to its
 * stub (`todo()`), outputs cleared. `--mark` tags untagged stub cells and records their stub.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { runCli } from '@streamlab/kernel-helpers/toolchain';
import { coursePaths, discoverNotebooks } from './course.js';
import { DeliveryError } from './errors.js';
import { formatNotebook, markExercises, resetExercises } from './exercise-cells.js';
import type { Notebook } from './notebook-format.js';

const ROOT = resolve(__dirname, '..', '..');

void runCli(async () => {
  const args = process.argv.slice(2);
  const mark = args.includes('--mark');
  const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--mark');
  if (unknown.length > 0) throw new DeliveryError(`unknown option ${unknown.join(' ')}`, { hint: 'usage: npm run reset-exercises [-- [--mark] notebooks/NN-name.ipynb ...]' });
  const given = args.filter((arg) => !arg.startsWith('--'));
  const folder = coursePaths(ROOT).notebooks;
  const files = given.length > 0 ? given.map((file) => resolve(file)) : discoverNotebooks(folder).map((name) => join(folder, name));
  let problems = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const result = (mark ? markExercises : resetExercises)(JSON.parse(text) as Notebook);
    const after = formatNotebook(result.notebook);
    if (after !== text) writeFileSync(file, after);
    const name = basename(file, '.ipynb');
    if (mark) {
      console.log(`${name}: ${result.reset.length} exercise cell(s) marked`);
      continue;
    }
    const notes = [
      `${result.reset.length} reset`,
      `${result.unchanged.length} already a stub`,
      ...(result.withoutStub.length ? [`cells ${result.withoutStub.join(', ')} tagged but without metadata.streamlab.stub`] : []),
      ...(result.untagged.length ? [`cells ${result.untagged.join(', ')} look like stubs but are not tagged "exercise" (npm run reset-exercises -- --mark)`] : []),
    ];
    problems += result.withoutStub.length;
    console.log(`${name}: ${notes.join('; ')}`);
  }
  if (problems > 0) {
    throw new DeliveryError(`${problems} exercise cell(s) could not be reset: no stored stub`, {
      hint: 'add the stub to the cell as metadata.streamlab.stub (see README, Exercises)',
    });
  }
  return 0;
});
