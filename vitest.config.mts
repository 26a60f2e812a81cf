import { defineConfig } from 'vitest/config';
import { DeliveryLastSequencer } from './test/support/delivery-last-sequencer';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Integration tests share one real stack: run files one after another.
    fileParallelism: false,
    // The browser test builds the site from the notebooks test/notebooks executes: run it last.
    sequence: { sequencer: DeliveryLastSequencer },
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
