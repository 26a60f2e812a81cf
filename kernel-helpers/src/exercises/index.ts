/**
 * Self-checking exercises: `exercise(id, fn)` runs the learner's function against the real broker
 * and prints ✅ / ❌ (what differed) / ⏳ (stub not written yet). With STREAMLAB_SOLUTIONS=1 an
 * unwritten stub is replaced by the reference solution in notebooks/solutions/, and a failure throws.
 * This module exports only what notebooks and their reference solutions use; the catalog, checkers
 * and runner stay internal (tests import them from their own files).
 */
import { catalog } from './catalog/index.js';
import type { ExerciseDefinition } from './definition.js';
import { loadReferenceSolution } from './reference-solutions.js';
import { runExercise } from './run-exercise.js';
import type { ExerciseOutcome } from './outcome.js';

/** Ids of the course's exercises. */
export type ExerciseId = keyof typeof catalog;

/** The function signature exercise `I` asks for. */
export type SolveOf<I extends ExerciseId> = (typeof catalog)[I] extends ExerciseDefinition<infer F> ? F : never;

/**
 * Checks the learner's `solve` for exercise `id` on the real broker and prints the result (the
 * cell's output; nothing is returned, so the notebook shows only the ✅/❌/⏳ lines).
 */
export async function exercise<I extends ExerciseId>(id: I, solve: SolveOf<I>): Promise<void> {
  const definition = catalog[id] as unknown as ExerciseDefinition<SolveOf<I>>;
  await runExercise(id, definition, solve, { loadSolution: () => loadReferenceSolution(definition.notebook, id) as SolveOf<I> });
}

/**
 * One stage of a multi-stage project: checks `solve` like `exercise()` (and prints the same line),
 * then returns the outcome and the function to run the real stage with: the learner's when it
 * passed, the reference solution when it stood in for a stub, nothing when the stage is still
 * `todo()` or wrong (later stages then say what is missing instead of crashing).
 */
export async function stage<I extends ExerciseId>(id: I, solve: SolveOf<I>): Promise<{ outcome: ExerciseOutcome; solve?: SolveOf<I> }> {
  const definition = catalog[id] as unknown as ExerciseDefinition<SolveOf<I>>;
  const load = () => loadReferenceSolution(definition.notebook, id) as SolveOf<I>;
  const outcome = await runExercise(id, definition, solve, { loadSolution: load });
  if (outcome.status !== 'passed') return { outcome };
  return { outcome, solve: outcome.solvedBy === 'reference' ? load() : solve };
}

/** What notebooks and reference solutions call besides `exercise`/`stage`/`todo`: data helpers and the types of exercise inputs. */
export { naiveDelayAlert, type AccountEvent, type CapstoneTopics, type HourlyDelay, type PaymentEvent } from './catalog/index.js';
export type { ExerciseOutcome, ExerciseStatus } from './outcome.js';
export { todo } from './todo.js';
