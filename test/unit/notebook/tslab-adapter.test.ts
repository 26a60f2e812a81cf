import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { displayOnce, kernelWriter, notice, TSLAB_DISPLAY_MODULE, UpdatableOutput, type DisplayMessage } from '../../../kernel-helpers/src/notebook/index';

/**
 * The contract between Streamlab's one tslab adapter (kernel-helpers/src/notebook/output.ts) and the
 * INSTALLED tslab: its private `lastWriteDisplayData`, set by tslab's own Jupyter handler before each
 * cell, and the message shape tslab's public `display.*` sends through it. A tslab release that
 * renames, moves or reshapes any of it fails here, not silently in a notebook with no charts.
 */
const load = createRequire(__filename);
interface TslabJupyter {
  lastWriteDisplayData: ((message: DisplayMessage, update: boolean) => void) | null;
  JupyterHandlerImpl: new (executor: { execute(code: string): Promise<boolean> }, isJs: boolean) => {
    handleExecute(request: { code: string }, writeStream: (name: string, text: string) => void, writeDisplay: (message: DisplayMessage, update: boolean) => void): Promise<{ status: string }>;
  };
}
const jupyter = load(TSLAB_DISPLAY_MODULE) as TslabJupyter;
const tslab = load('tslab') as { display: { html(html: string): void }; newDisplay(): { text(text: string): void } };

interface Sent {
  message: DisplayMessage;
  update: boolean;
}

/** Runs `cell` as tslab's real handler runs a cell, recording every display message it sends. */
async function runCell(cell: () => void): Promise<Sent[]> {
  const sent: Sent[] = [];
  const { stdout, stderr } = { stdout: process.stdout.write, stderr: process.stderr.write };
  const handler = new jupyter.JupyterHandlerImpl({ execute: async () => (cell(), true) }, false);
  try {
    const reply = await handler.handleExecute({ code: 'cell' }, () => undefined, (message, update) => sent.push({ message, update }));
    expect(reply.status).toBe('ok');
  } finally {
    // tslab's handler redirects the process's stdout/stderr into the cell: give them back.
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  return sent;
}

afterEach(() => {
  jupyter.lastWriteDisplayData = null;
});

describe('the tslab display adapter, against the installed tslab', () => {
  it('tslab exposes lastWriteDisplayData, empty outside a cell', () => {
    expect(Object.keys(jupyter)).toContain('lastWriteDisplayData');
    expect(jupyter.lastWriteDisplayData).toBeNull();
    expect(kernelWriter()).toBeUndefined();
  });

  it('inside a cell, kernelWriter() is the writer tslab hands that cell', async () => {
    let seen: unknown;
    await runCell(() => (seen = kernelWriter()));
    expect(typeof seen).toBe('function');
    expect(seen).toBe(jupyter.lastWriteDisplayData);
  });

  it('our messages have the shape of those tslab\'s public display API sends through the same writer', async () => {
    const sent = await runCell(() => {
      tslab.display.html('<b>tslab</b>');
      displayOnce({ 'text/html': '<b>streamlab</b>', 'text/plain': 'streamlab' });
      const theirs = tslab.newDisplay();
      theirs.text('first');
      theirs.text('second');
      const ours = new UpdatableOutput();
      ours.show({ 'text/plain': 'first' });
      ours.show({ 'text/plain': 'second' });
    });
    expect(sent).toHaveLength(6);
    const shape = ({ message, update }: Sent) => ({ keys: Object.keys(message).sort(), displayId: typeof message.transient.display_id, update: Boolean(update) });
    // A one-off output: same keys, no display id, never an update.
    expect(shape(sent[1])).toEqual(shape(sent[0]));
    expect(shape(sent[0])).toEqual({ keys: ['data', 'metadata', 'transient'], displayId: 'undefined', update: false });
    expect(sent[0].message.data).toEqual({ 'text/html': '<b>tslab</b>' });
    // An output updated in place: the same display id twice, the second send flagged as an update.
    expect(sent.slice(2, 4).map(shape)).toEqual(sent.slice(4, 6).map(shape));
    expect(sent.slice(2, 4).map((s) => Boolean(s.update))).toEqual([false, true]);
    expect(sent[3].message.transient.display_id).toBe(sent[2].message.transient.display_id);
    expect(sent[5].message.transient.display_id).toBe(sent[4].message.transient.display_id);
    expect(sent[5].message.data).toEqual({ 'text/plain': 'second' });
  });

  it('an output created in one cell and updated in a later one sends its update under the later cell', async () => {
    let output: UpdatableOutput | undefined;
    const first = await runCell(() => (output = new UpdatableOutput()).show({ 'text/plain': 'v1' }));
    const second = await runCell(() => output!.show({ 'text/plain': 'v2' }));
    expect(first.map((s) => s.update)).toEqual([false]);
    expect(second.map((s) => [s.update, s.message.data['text/plain']])).toEqual([[true, 'v2']]);
  });

  it('notice() is one plain-text output in a cell', async () => {
    const sent = await runCell(() => notice('⚠ something failed'));
    expect(sent.map((s) => s.message.data)).toEqual([{ 'text/plain': '⚠ something failed' }]);
  });
});
