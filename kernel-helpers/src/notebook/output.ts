import { randomBytes } from 'node:crypto';

/** A display message as the kernel sends it: a MIME bundle, and the display id to update in place. */
export interface DisplayMessage {
  data: Record<string, unknown>;
  metadata: object;
  transient: { display_id?: string };
}

/** Sends one display message; `update` replaces the output with the same display id. */
export type DisplayWriter = (message: DisplayMessage, update: boolean) => void;

/**
 * tslab's writer of display messages, present only inside a running tslab kernel. tslab's public
 * `display.*` calls send one MIME type each; this internal writer sends a whole bundle (e.g. a
 * Vega-Lite spec with its SVG fallback) as one output.
 */
export function kernelWriter(): DisplayWriter | undefined {
  try {
    return (require('tslab/dist/jupyter') as { lastWriteDisplayData: DisplayWriter | null }).lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

/** Shows a MIME bundle as a new output; does nothing outside a kernel. */
export function displayOnce(data: Record<string, unknown>, write: DisplayWriter | undefined = kernelWriter()): void {
  write?.({ data, metadata: {}, transient: {} }, false);
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
