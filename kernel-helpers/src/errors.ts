import { redactSecrets } from './redact.js';

/**
 * The error every Streamlab helper throws on purpose: one line saying what went wrong,
 * and a hint saying what to do about it. CLIs print `message` and `hint` and exit non-zero,
 * with no stack trace; notebooks show the same two lines.
 */
export class StreamlabError extends Error {
  /** The default of `retriable` for this class; subclasses whose condition may pass by itself set it to true. */
  static readonly retriable: boolean = false;

  /** What the user can do about it, in one sentence. */
  readonly hint?: string;

  /**
   * Whether the same call may succeed if tried again unchanged (a broker still starting, a topic
   * still being created), as kafkajs's errors say. `waitUntil` retries only retriable errors.
   */
  readonly retriable: boolean;

  constructor(message: string, options: { hint?: string; cause?: unknown; retriable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.retriable = options.retriable ?? new.target.retriable;
  }

  /** The message and its hint as the one or two lines a user reads. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }

  /**
   * How `console.error(error)` and `util.inspect` show it, as tslab does for a cell's error: the
   * class, the message and the hint, without the stack and the kafkajs/undici cause chain (still
   * on `error.stack` and `error.cause` for whoever debugs the library).
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.name}: ${this.describe()}`;
  }
}

/** A service of the stack could not be found, started, reached or stopped. */
export class StackError extends StreamlabError {}

/** Something awaited (a service, a topic, a connector) did not happen in time. */
export class WaitTimeoutError extends StreamlabError {}

/** Operating-system error codes of a connection or resource that may come back (a service still starting). */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

/**
 * PostgreSQL SQLSTATEs that may pass: connection exceptions (class 08), insufficient resources
 * (53), the server starting or shutting down (57P01-57P03), an object in use (55006: a replication
 * slot still held by its walsender), serialization failure and deadlock (40001, 40P01).
 */
const TRANSIENT_SQLSTATE = /^(08...|53...|57P0[123]|55006|40001|40P01)$/;

/** node-postgres's own messages for a connection the server closed or refused while (re)starting. */
const TRANSIENT_MESSAGE = /Connection terminated|connection error and is not queryable|the database system is (starting up|shutting down|in recovery mode)/i;

/**
 * Whether `error` may pass if the same call is tried again: a StreamlabError's or kafkajs error's
 * own `retriable` flag (kafkajs's "number of retries exceeded" is judged by the error it retried),
 * a transient OS/network code, a transient PostgreSQL SQLSTATE, a request timeout; else what it
 * wraps (`cause`). Anything else (a wrong config, a syntax error, a bug) is not retriable.
 */
export function isRetriable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 8) return false;
  const failure = error as { name?: unknown; code?: unknown; message?: unknown; retriable?: unknown; originalError?: unknown; cause?: unknown };
  if (failure.name === 'KafkaJSNumberOfRetriesExceeded') return isRetriable(failure.originalError ?? failure.cause, depth + 1);
  if (typeof failure.retriable === 'boolean') return failure.retriable;
  if (typeof failure.code === 'string') {
    if (TRANSIENT_CODES.has(failure.code)) return true;
    if (/^[0-9A-Z]{5}$/.test(failure.code)) return TRANSIENT_SQLSTATE.test(failure.code);
  }
  if (failure.name === 'TimeoutError') return true;
  if (typeof failure.message === 'string' && TRANSIENT_MESSAGE.test(failure.message)) return true;
  return failure.cause !== undefined ? isRetriable(failure.cause, depth + 1) : false;
}

/** The notebook toolchain (Python, Jupyter, the tslab kernel) is missing or failed. */
export class JupyterError extends StreamlabError {}

/**
 * Runs a CLI entry point: a StreamlabError becomes its one-line description on stderr and
 * exit code 1; anything else is a bug and keeps its stack trace.
 */
export async function runCli(main: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    if (error instanceof StreamlabError) {
      process.stderr.write(`error: ${redactSecrets(error.describe(), process.env, { urlPasswords: false })}\n`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}
