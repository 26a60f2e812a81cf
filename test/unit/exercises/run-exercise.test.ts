import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineExercise } from '../../../kernel-helpers/src/exercises/definition';
import { ExerciseFailedError, runExercise } from '../../../kernel-helpers/src/exercises/run-exercise';
import { loadReferenceSolution, SolutionNotFoundError } from '../../../kernel-helpers/src/exercises/reference-solutions';
import { solutionsRequested } from '../../../kernel-helpers/src/exercises/outcome';
import { todo } from '../../../kernel-helpers/src/exercises/todo';

// A check with no broker: the answer must be the sum of the inputs.
const sum = defineExercise<(values: number[]) => number>({
  notebook: 'test',
  title: 'somar',
  check: async (solve) => {
    const got = solve([1, 2, 3]);
    return got === 6 ? [] : [`got ${got}, expected 6`];
  },
});
const reference = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function run(learner: (values: number[]) => number, solutionsMode: boolean) {
  const printed: string[] = [];
  let loaded = 0;
  const outcome = runExercise('sum', sum, learner, {
    solutionsMode,
    print: (text) => printed.push(text),
    loadSolution: () => {
      loaded += 1;
      return reference;
    },
  });
  return { outcome, printed, loaded: () => loaded };
}

describe('runExercise', () => {
  it('reports a todo() stub as not solved yet, without failing, when solutions are not requested', async () => {
    const { outcome, printed, loaded } = await run(() => todo(), false);
    expect(await outcome).toMatchObject({ status: 'pending', solvedBy: 'learner' });
    expect(printed[0]).toMatch(/^⏳ exercício sum/);
    expect(loaded()).toBe(0);
  });

  it('runs the reference solution in place of a todo() stub under STREAMLAB_SOLUTIONS', async () => {
    const { outcome, printed, loaded } = await run(() => todo(), true);
    expect(await outcome).toMatchObject({ status: 'passed', solvedBy: 'reference' });
    expect(printed[0]).toMatch(/^✅ .*solução de referência/);
    expect(loaded()).toBe(1);
  });

  it('checks the learner code, not the reference, once it is written', async () => {
    const { outcome, loaded } = await run((values) => values.reduce((a, b) => a + b, 0), true);
    expect(await outcome).toMatchObject({ status: 'passed', solvedBy: 'learner' });
    expect(loaded()).toBe(0);
  });

  it('prints ❌ with what differed for a wrong answer, and lets a learner notebook go on', async () => {
    const { outcome, printed } = await run(() => 5, false);
    expect(await outcome).toMatchObject({ status: 'failed', differences: ['got 5, expected 6'] });
    expect(printed[0]).toMatch(/^❌ exercício sum[^]*• got 5, expected 6/);
  });

  it('throws on a wrong answer under STREAMLAB_SOLUTIONS, so CI catches a broken checker', async () => {
    const { outcome, printed } = await run(() => 5, true);
    await expect(outcome).rejects.toBeInstanceOf(ExerciseFailedError);
    expect(printed[0]).toMatch(/^❌/);
  });

  it('turns an exception in the learner code into a difference, not a crash', async () => {
    const { outcome } = await run(() => {
      throw new TypeError('values.sum is not a function');
    }, false);
    expect(await outcome).toMatchObject({ status: 'failed', differences: ['o seu código lançou um erro: TypeError: values.sum is not a function'] });
  });

  it('fails in solutions mode when the reference solution itself is wrong', async () => {
    const printed: string[] = [];
    const outcome = runExercise('sum', sum, () => todo(), { solutionsMode: true, print: (t) => printed.push(t), loadSolution: () => () => 7 });
    await expect(outcome).rejects.toThrow(/got 7, expected 6/);
  });
});

describe('reference solutions', () => {
  it('loads a TypeScript solutions file and picks the solution by exercise id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'solutions-'));
    writeFileSync(join(dir, 'nb.ts'), "const add = (values: number[]): number => values.reduce((a, b) => a + b, 0);\nexport const solutions = { sum: add };\n");
    expect(loadReferenceSolution('nb', 'sum', dir)([4, 5])).toBe(9);
    expect(() => loadReferenceSolution('nb', 'missing', dir)).toThrow(SolutionNotFoundError);
    expect(() => loadReferenceSolution('other', 'sum', dir)).toThrow(SolutionNotFoundError);
  });

  it('reads STREAMLAB_SOLUTIONS=1 or true as "use reference solutions"', () => {
    expect(solutionsRequested({ STREAMLAB_SOLUTIONS: '1' })).toBe(true);
    expect(solutionsRequested({ STREAMLAB_SOLUTIONS: 'true' })).toBe(true);
    expect(solutionsRequested({})).toBe(false);
  });
});
