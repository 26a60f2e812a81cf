/** How an exercise run ended. */
export type ExerciseStatus = 'passed' | 'failed' | 'pending';

export interface ExerciseOutcome {
  id: string;
  status: ExerciseStatus;
  /** Whose code was checked: the learner's, or the reference solution (stub unimplemented, STREAMLAB_SOLUTIONS=1). */
  solvedBy: 'learner' | 'reference';
  differences: string[];
}

/**
 * Whether an outcome should stop the notebook. Only under STREAMLAB_SOLUTIONS=1 (CI, the
 * notebook tests): there a failure means a broken checker or solution. A learner's wrong answer
 * prints ❌ and lets the rest of the notebook run.
 */
export function shouldThrow(outcome: ExerciseOutcome, solutionsMode: boolean): boolean {
  return solutionsMode && outcome.status === 'failed';
}

/** The lines printed under the exercise cell. */
export function describeOutcome(outcome: ExerciseOutcome, title: string): string {
  switch (outcome.status) {
    case 'pending':
      return `⏳ exercício ${outcome.id} (${title}): ainda não resolvido — troque o todo(...) pelo seu código e rode a célula de novo`;
    case 'passed':
      return `✅ exercício ${outcome.id} (${title}): correto${outcome.solvedBy === 'reference' ? ' (solução de referência, STREAMLAB_SOLUTIONS=1)' : ''}`;
    case 'failed':
      return [
        `❌ exercício ${outcome.id} (${title}): ainda não está certo${outcome.solvedBy === 'reference' ? ' (solução de referência!)' : ''}`,
        ...outcome.differences.map((difference) => `   • ${difference}`),
      ].join('\n');
  }
}

/** Whether the environment asks for reference solutions in place of unimplemented stubs. */
export function solutionsRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.STREAMLAB_SOLUTIONS === '1' || env.STREAMLAB_SOLUTIONS === 'true';
}
