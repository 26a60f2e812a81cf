import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The kernel-helpers package folder (holds java/, python/ and dist/). */
export const packageRoot: string = resolve(__dirname, '..', '..');

/** The repository root (notebooks/, datasets/, the workspace package.json). */
export const repoRoot: string = resolve(packageRoot, '..');

/**
 * Where the stack keeps its state file, data and logs: `STREAMLAB_HOME`, or `.streamlab/`
 * at the repository root. Jars stay in Maven's own cache (~/.m2), outside the repository.
 */
export function stateDir(): string {
  return process.env.STREAMLAB_HOME ? resolve(process.env.STREAMLAB_HOME) : join(repoRoot, '.streamlab');
}

/**
 * Per-user cache shared by every stack on the machine (`$XDG_CACHE_HOME/streamlab` or
 * `~/.cache/streamlab`): the resolved classpath and the unpacked Debezium plugin. Outside the
 * repository, and kept by `stack:down -- --wipe`.
 */
export function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'streamlab');
}

/** The log file of one service process, e.g. `kafka-1`, `connect`, `postgres`, under a stack's home. */
export function logFile(service: string, home: string = stateDir()): string {
  return join(home, 'logs', `${service}.log`);
}
