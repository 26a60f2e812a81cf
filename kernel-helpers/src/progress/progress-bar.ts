import { kernelWriter, UpdatableOutput, type DisplayWriter } from '../notebook/index.js';
import { progressHtml, progressLine, type ProgressState } from './format.js';

/** Where a bar is drawn: the notebook (one output updated in place) or a terminal stream. */
export interface ProgressSink {
  draw(state: ProgressState, final: boolean): void;
}

/** Draws into the notebook: one display output, replaced in place on every redraw. */
export function notebookSink(write: DisplayWriter): ProgressSink {
  const output = new UpdatableOutput(write);
  return {
    draw(state) {
      output.show({ 'text/html': progressHtml(state), 'text/plain': progressLine(state) });
    },
  };
}

/**
 * Draws into a terminal stream: rewrites one line with \r on a TTY; otherwise (CI logs) prints a
 * line at most every `logEveryMs` and at the end, so logs stay short.
 */
export function terminalSink(stream: NodeJS.WriteStream = process.stderr, logEveryMs = 5000): ProgressSink {
  let lastLogged = 0;
  return {
    draw(state, final) {
      if (stream.isTTY) {
        stream.write(`\r${progressLine(state)}\x1b[K${final ? '\n' : ''}`);
      } else if (final || Date.now() - lastLogged >= logEveryMs) {
        lastLogged = Date.now();
        stream.write(`${progressLine(state)}\n`);
      }
    },
  };
}

export interface ProgressOptions {
  /** Expected count; omit when unknown (then the bar shows count and rate only). */
  total?: number;
  /** At most one redraw per this many ms (default 200). */
  minIntervalMs?: number;
  /** Where to draw; default the notebook inside a tslab kernel, stderr elsewhere. */
  sink?: ProgressSink;
}

/** A progress bar for a long operation; `tick`/`update` as it goes, `finish()` at the end. */
export class ProgressBar {
  private done = 0;
  private readonly started = Date.now();
  private lastDraw = 0;
  private finished = false;

  constructor(
    readonly label: string,
    private readonly options: ProgressOptions,
    private readonly sink: ProgressSink,
  ) {
    this.draw(false);
  }

  /** Adds `count` (default 1) to the amount done. */
  tick(count = 1): void {
    this.update(this.done + count);
  }

  /** Sets the amount done; redraws if the last redraw is old enough. */
  update(done: number): void {
    this.done = done;
    if (!this.finished && Date.now() - this.lastDraw >= (this.options.minIntervalMs ?? 200)) this.draw(false);
  }

  /** Draws the final state (at `done`, default what was reached). Idempotent. */
  finish(done = this.done): void {
    if (this.finished) return;
    this.done = done;
    this.finished = true;
    this.draw(true);
  }

  /** The current state, e.g. to print or test. */
  state(): ProgressState {
    return { label: this.label, done: this.done, total: this.options.total, elapsedMs: Date.now() - this.started };
  }

  private draw(final: boolean): void {
    this.lastDraw = Date.now();
    this.sink.draw(this.state(), final);
  }
}

/** Starts a progress bar shown in the notebook (in place) or on stderr in a terminal. */
export function progress(label: string, options: ProgressOptions = {}): ProgressBar {
  const writer = kernelWriter();
  return new ProgressBar(label, options, options.sink ?? (writer ? notebookSink(writer) : terminalSink()));
}
