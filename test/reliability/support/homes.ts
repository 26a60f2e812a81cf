import { join, resolve } from 'node:path';

/**
 * Where the reliability suite keeps the private stacks it starts, breaks and wipes (never the stack
 * other tests use): `STREAMLAB_RELIABILITY_HOME`, default `build/reliability-stacks/`.
 */
export function reliabilityHome(name: string): string {
  return join(resolve(process.env.STREAMLAB_RELIABILITY_HOME ?? join(__dirname, '../../../build/reliability-stacks')), name);
}
