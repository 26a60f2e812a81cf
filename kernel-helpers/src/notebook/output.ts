import { randomBytes } from 'node:crypto';

/** A display message as the kernel sends it: a MIME bundle, and the display id to update in place. */
export interface DisplayMessage {
  data: Record<string, unknown>;
  metadata: object;
  transient: { display_id?: string };
}

/** Sends one display message; `update` replaces the output with the same display id. */
export type DisplayWriter = (message: DisplayMessage, update: boolean) => void;

/** The tslab module whose process-wide variable holds the running cell's display writer. */
export const TSLAB_DISPLAY_MODULE = 'tslab/dist/jupyter';

/**
 * tslab's writer of display messages, present only inside a running tslab kernel: the ONE place
 * Streamlab uses tslab's private API (`lastWriteDisplayData`, set by tslab before each cell runs;
 * test/unit/notebook/tslab-adapter.test.ts fails when an installed tslab changes it). tslab's
 * public `display.*` calls send one MIME type each; this writer sends a whole bundle (e.g. a
 * Vega-Lite spec with its SVG fallback) as one output.
 */
export function kernelWriter(): DisplayWriter | undefined {
  try {
    return (require(TSLAB_DISPLAY_MODULE) as { lastWriteDisplayData?: DisplayWriter | null }).lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

/** Shows a MIME bundle as a new output; does nothing outside a kernel. */
export function displayOnce(data: Record<string, unknown>, write: DisplayWriter | undefined = kernelWriter()): void {
  write?.({ data, metadata: {}, transient: {} }, false);
}

/**
 * One line for the reader of the running cell: a plain-text output in a kernel, a line on stderr
 * elsewhere (a script, a test, the headless runner's log).
 */
export function notice(line: string, write: DisplayWriter | undefined = kernelWriter()): void {
  if (write) displayOnce({ 'text/plain': line }, write);
  else process.stderr.write(`${line}\n`);
}

/**
 * Reports the failures of something that runs in the background (a live chart's redraw) ONCE:
 * the first failure becomes one readable line in the cell's output, later ones are only counted,
 * so a chart failing on every frame does not flood the notebook.
 */
export class FailureNotice {
  /** How many failures were reported to `fail` so far. */
  failures = 0;

  /** `what` names the failing thing in the line, e.g. `live chart "Leituras por minuto"`. */
  constructor(private readonly what: string) {}

  /** Counts one failure; the first is shown (its message on one line), the rest are not. */
  fail(error: unknown): void {
    this.failures += 1;
    if (this.failures > 1) return;
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    notice(`⚠ ${this.what}: redraw failed (${reason}); it keeps its last frame, and later failures are not repeated`);
  }
}

/** One notebook output that later calls replace in place (live charts, progress bars). */
export class UpdatableOutput {
  private readonly displayId = randomBytes(8).toString('hex');
  private shown = false;

  /**
   * `write` defaults to the kernel's writer of the cell running at each `show` call: an output
   * created in one cell and updated while a later cell runs (a live view) must send its updates
   * under the running cell's request, or a headless run drops them.
   */
  constructor(private readonly write?: DisplayWriter) {}

  /** Shows `data` the first time, then replaces what this output shows. */
  show(data: Record<string, unknown>): void {
    (this.write ?? kernelWriter())?.({ data, metadata: {}, transient: { display_id: this.displayId } }, this.shown);
    this.shown = true;
  }
}
