/** A function a learner writes; its parameters and result depend on the exercise. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Solver = (...args: any[]) => unknown;

/** One self-checking exercise: what to write, and how to check it on the real broker. */
export interface ExerciseDefinition<F extends Solver> {
  /** Notebook the exercise belongs to, e.g. "02-producers"; its reference solution is in notebooks/solutions/<notebook>.ts. */
  notebook: string;
  /** One line, in Portuguese, shown with the result. */
  title: string;
  /**
   * Runs `solve` against the real broker and returns what differed from the expected result
   * (empty: correct). Lets `todo()`'s NotImplementedError through.
   */
  check: (solve: F) => Promise<string[]>;
}

/** Declares an exercise; the type parameter is the signature the learner implements. */
export function defineExercise<F extends Solver>(definition: ExerciseDefinition<F>): ExerciseDefinition<F> {
  return definition;
}

/** A difference line, in Portuguese, comparing what came back with what was expected: `<what>: obtido X, esperado Y`. */
export function differs(what: string, got: unknown, expected: unknown): string {
  return `${what}: obtido ${JSON.stringify(got)}, esperado ${JSON.stringify(expected)}`;
}
