import { spawn, type SpawnOptions } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StackError } from '../errors.js';
import { sleep } from '../wait.js';

export interface DaemonOptions {
  /** File that receives the process's stdout and stderr (appended). */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user and group (PostgreSQL refuses to run as root). */
  uid?: number;
  gid?: number;
}

/**
 * Starts a long-lived service process detached from this one (its own process group, output
 * to `logFile`), so it outlives the CLI or kernel that started it. Returns its PID.
 */
export function startDaemon(command: string, args: string[], options: DaemonOptions): number {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  const spawnOptions: SpawnOptions = {
    detached: true,
    stdio: ['ignore', log, log],
    env: options.env ?? process.env,
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
  };
  try {
    const child = spawn(command, args, spawnOptions);
    if (child.pid === undefined) {
      throw new StackError(`could not start ${command}`, { hint: `check that ${command} exists and is executable` });
    }
    child.unref();
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** True when a process with this PID exists (and is not a zombie we could reap). */
export function isAlive(pid: number | undefined): pid is number {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when `pid` is alive and is the process we started: its command line mentions `marker`
 * (a path only our processes use), so a PID recycled by the OS after a reboot is never ours.
 */
export function isOurs(pid: number | undefined, marker: string): pid is number {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return true; // no /proc (macOS): trust the PID
  }
}

/**
 * Stops a process we started: `signal` (SIGTERM by default) to its process group, then SIGKILL
 * after `graceMs`. Resolves once it is gone.
 */
export async function stopDaemon(pid: number, options: { signal?: NodeJS.Signals; graceMs?: number } = {}): Promise<void> {
  const graceMs = options.graceMs ?? 20_000;
  signalGroup(pid, options.signal ?? 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    signalGroup(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

