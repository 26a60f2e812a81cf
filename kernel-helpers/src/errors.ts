/**
 * The error every Streamlab helper throws on purpose: one line saying what went wrong,
 * and a hint saying what to do about it. CLIs print `message` and `hint` and exit non-zero,
 * with no stack trace; notebooks show the same two lines.
 */
export class StreamlabError extends Error {
  /** What the user can do about it, in one sentence. */
  readonly hint?: string;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }

  /** The message and its hint as the one or two lines a user reads. */
  describe(): string {
    return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
  }
}

/** A service of the stack could not be found, started, reached or stopped. */
export class StackError extends StreamlabError {}

/** Something awaited (a service, a topic, a connector) did not happen in time. */
export class WaitTimeoutError extends StreamlabError {}

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
      process.stderr.write(`error: ${error.describe()}\n`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}
