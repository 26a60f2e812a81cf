import { status, down } from '@streamlab/kernel-helpers/stack';

let stackWasUp = true;

/**
 * Integration tests start the stack themselves (`ensure()`); this records whether it was already
 * running before the run, so that a stack the run started is stopped at the end and one the
 * developer started is left alone.
 */
export async function setup(): Promise<void> {
  const info = await status().catch(() => undefined);
  stackWasUp = !!info && info.kafka.state === 'up';
}

export async function teardown(): Promise<void> {
  if (stackWasUp || process.env.STREAMLAB_KEEP_STACK) return;
  await down();
}
