import { StreamlabError } from '../errors.js';
import type { ExerciseDefinition, Solver } from './definition.js';
import { describeOutcome, shouldThrow, solutionsRequested, type ExerciseOutcome } from './outcome.js';
import { isNotImplemented } from './todo.js';

/** A checked exercise failed while STREAMLAB_SOLUTIONS=1: the checker or the reference solution is broken. */
export class ExerciseFailedError extends StreamlabError {}

export interface RunExerciseOptions {
  /** Run the reference solution when the learner's stub is still `todo()`. Default: STREAMLAB_SOLUTIONS=1. */
  solutionsMode?: boolean;
  /** Where the reference solution comes from (default: notebooks/solutions/<notebook>.ts). */
  loadSolution: () => Solver;
  /** Where the result lines go (default console.log: the cell's output). */
  print?: (text: string) => void;
}

/**
 * Checks `learnerFn` with `definition` and prints ✅, ❌ (with what differed) or ⏳ (stub not
 * written yet). Under solutions mode an unwritten stub is replaced by the reference solution, and
 * any failure throws ExerciseFailedError, so CI proves every exercise solvable.
 */
export async function runExercise<F extends Solver>(id: string, definition: ExerciseDefinition<F>, learnerFn: F, options: RunExerciseOptions): Promise<ExerciseOutcome> {
  const solutionsMode = options.solutionsMode ?? solutionsRequested();
  const print = options.print ?? ((text: string) => console.log(text));
  let outcome: ExerciseOutcome;
  try {
    outcome = await checked(id, definition, learnerFn, 'learner');
  } catch (error) {
    if (!isNotImplemented(error)) throw error;
    if (!solutionsMode) {
      outcome = { id, status: 'pending', solvedBy: 'learner', differences: [] };
    } else {
      outcome = await checked(id, definition, options.loadSolution() as F, 'reference').catch((failure: unknown) => ({
        id,
        status: 'failed' as const,
        solvedBy: 'reference' as const,
        differences: [`a solução de referência lançou um erro: ${errorText(failure)}`],
      }));
    }
  }
  print(describeOutcome(outcome, definition.title));
  if (shouldThrow(outcome, solutionsMode)) {
    throw new ExerciseFailedError(`exercise ${id} failed with STREAMLAB_SOLUTIONS=1: ${outcome.differences.join('; ')}`, {
      hint: `fix the checker or notebooks/solutions/${definition.notebook}.ts`,
    });
  }
  return outcome;
}

/** Runs the check; a NotImplementedError escapes, any other error of the solver counts as a difference. */
async function checked<F extends Solver>(id: string, definition: ExerciseDefinition<F>, solve: F, solvedBy: ExerciseOutcome['solvedBy']): Promise<ExerciseOutcome> {
  let threw: unknown;
  const remember = (error: unknown) => {
    if (!isNotImplemented(error)) threw = error;
    throw error;
  };
  // Same shape as `solve` (sync stays sync), remembering what it threw so the report can say whose error it was.
  const guarded = ((...args: unknown[]) => {
    try {
      const result = solve(...args);
      return result instanceof Promise ? result.catch(remember) : result;
    } catch (error) {
      return remember(error);
    }
  }) as F;
  try {
    const differences = await definition.check(guarded);
    return { id, status: differences.length ? 'failed' : 'passed', solvedBy, differences };
  } catch (error) {
    if (isNotImplemented(error)) throw error;
    const whose = threw === error ? (solvedBy === 'learner' ? 'o seu código lançou um erro' : 'a solução de referência lançou um erro') : 'a verificação não pôde rodar';
    return { id, status: 'failed', solvedBy, differences: [`${whose}: ${errorText(error)}`] };
  }
}

function errorText(error: unknown): string {
  if (error instanceof StreamlabError) return error.describe();
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
