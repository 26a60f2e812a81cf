import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from '../errors.js';
import type { FlinkLayout } from './flink-config.js';
import type { KafkaNodeLayout } from './kafka-config.js';
import { sleep } from '../wait.js';
import { stateDir } from './paths.js';

/** What the native provider records about the services it started: ports stay stable across restarts. */
export interface NativeState {
  kafkaVersion: string;
  clusterId: string;
  kafka: Array<KafkaNodeLayout & { pid?: number }>;
  postgres: { port: number; dataDir: string; version?: string; pid?: number };
  connect: { port: number; pid?: number };
  /** Apache Flink, recorded on its first start (ports stay stable across restarts). */
  flink?: FlinkLayout & {
    version?: string;
    pids?: { jobManager?: number; taskManager?: number; gateway?: number };
  };
}

const stateFile = (home: string): string => join(home, 'state.json');

/** The recorded native stack, or undefined when none was ever started (or it was wiped). */
export function readState(home: string = stateDir()): NativeState | undefined {
  if (!existsSync(stateFile(home))) return undefined;
  try {
    return JSON.parse(readFileSync(stateFile(home), 'utf8')) as NativeState;
  } catch {
    throw new StackError(`the stack state file ${stateFile(home)} is corrupt`, {
      hint: 'run "npm run stack:down -- --wipe" to start from scratch',
    });
  }
}

/** Writes the state atomically (write a temp file, then rename). */
export function writeState(state: NativeState, home: string = stateDir()): void {
  writable(home, () => {
    mkdirSync(home, { recursive: true });
    const temp = `${stateFile(home)}.tmp`;
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(temp, stateFile(home));
  });
}

const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT']);

/**
 * Runs `write` on the stack's folder; a folder that cannot be written (read-only file system, no
 * permission, disk full) becomes one StackError naming the folder and the reason, not a stack trace.
 */
export function writable<T>(home: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code || !NOT_WRITABLE.has(code)) throw error;
    const reason = code === 'EROFS' ? 'read-only file system' : code === 'ENOSPC' || code === 'EDQUOT' ? 'no space left' : 'permission denied';
    throw new StackError(`cannot write to the stack's folder ${home} (${reason}, ${code})`, {
      hint: 'make it writable (or free space), or point STREAMLAB_HOME at a writable folder; the stack keeps its state, data and logs there',
      cause: error,
    });
  }
}

/**
 * Runs `task` while holding the stack lock, so two notebooks (or a notebook and a test run)
 * calling `ensure()` at once do not start two brokers. A lock left by a dead process is taken over.
 */
export async function withStackLock<T>(task: () => Promise<T>, home: string = stateDir(), timeoutMs = 600_000): Promise<T> {
  writable(home, () => mkdirSync(home, { recursive: true }));
  const lock = join(home, 'lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      writable(home, () => {
        if (NOT_WRITABLE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      });
      if (lockOwnerIsDead(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new StackError('another process has been starting the stack for too long', {
          hint: `wait for it, or remove ${lock} if no stack command is running`,
        });
      }
      await sleep(200);
    }
  }
  try {
    return await task();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockOwnerIsDead(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // No pid file yet means the owner is between mkdir and write: treat as alive.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
