import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Test files that read what other test files produce (the site test needs the executed notebooks). */
const LAST = /[\\/]test[\\/]integration[\\/]delivery[\\/]/;

/**
 * Vitest's own order (failed and slow files first), except that the delivery tests run last,
 * after test/notebooks has executed every notebook into build/notebooks/: the site is then
 * built from those copies and no notebook runs twice.
 */
class DeliveryLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((file) => !LAST.test(file.moduleId)), ...sorted.filter((file) => LAST.test(file.moduleId))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // The reliability reporter prints the counts test/reliability records (nothing when none ran).
    reporters: ['default', './test/support/summary-reporter.ts', './test/support/reliability-reporter.ts'],
    // Integration tests share one real stack: run files one after another.
    fileParallelism: false,
    // The browser test builds the site from the notebooks test/notebooks executes: run it last.
    sequence: { sequencer: DeliveryLastSequencer },
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
