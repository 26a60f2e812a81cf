import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with each line of stdout and stderr as it arrives. */
  onLine?: (line: string) => void;
}

export interface CommandResult {
  /** Exit code; 128 + signal number when killed by a signal. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and captures its output. Rejects only when it cannot be
 * started at all (the spawn error, e.g. code ENOENT); a non-zero exit resolves.
 */
export function runCommand(command: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr'] as const) {
      let pending = '';
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk: string) => {
        output[stream] += chunk;
        const lines = (pending + chunk).split(/\r?\n|\r/);
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) options.onLine?.(line);
      });
      child[stream].on('end', () => {
        if (pending.trim()) options.onLine?.(pending);
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code: exitCode(code, signal), ...output }));
  });
}

/**
 * Runs a command attached to this terminal and resolves to its exit code. Ctrl-C reaches the
 * child directly (same process group), so this process ignores SIGINT meanwhile and waits for
 * the child to clean up; SIGTERM is passed on.
 */
export function runAttached(command: string, args: string[], options: Omit<CommandOptions, 'onLine'> = {}): Promise<number> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: 'inherit' });
  return waitAttached(child);
}

/** Waits for a child started with inherited stdio, as {@link runAttached} does. */
export function waitAttached(child: ChildProcess): Promise<number> {
  const ignore = (): void => {};
  const forward = (): void => void child.kill('SIGTERM');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  return new Promise<number>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise(exitCode(code, signal)));
  }).finally(() => {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', forward);
  });
}

function exitCode(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? constants.signals[signal] : 1);
}
