import { sourceText, type Notebook, type NotebookCell } from './notebook-format.js';

/**
 * The convention for exercise cells, which every notebook follows:
 * - the code cell the learner edits carries the tag `exercise` (`metadata.tags`);
 * - `metadata.streamlab.stub` holds the stub exactly as committed: the code that calls `todo()`.
 * `npm run reset-exercises` puts the stub back; `-- --mark` records it for untagged stub cells.
 */
export const EXERCISE_TAG = 'exercise';

/** A cell's Streamlab metadata. */
export interface StreamlabCellMetadata {
  /** The committed stub of an exercise cell. */
  stub?: string;
}

/** Whether a cell is an exercise cell (tagged `exercise`). */
export function isExerciseCell(cell: NotebookCell): boolean {
  return cell.cell_type === 'code' && Array.isArray(cell.metadata?.tags) && cell.metadata.tags.includes(EXERCISE_TAG);
}

/** The stub stored in a cell's metadata, if any. */
export function storedStub(cell: NotebookCell): string | undefined {
  const meta = cell.metadata?.streamlab as StreamlabCellMetadata | undefined;
  return typeof meta?.stub === 'string' ? meta.stub : undefined;
}

/** Whether a code cell looks like an unsolved exercise stub: it calls `exercise(` (or a project `stage(`) and `todo(`. */
export function looksLikeStub(cell: NotebookCell): boolean {
  const text = sourceText(cell);
  return cell.cell_type === 'code' && /\b(exercise|stage)\(/.test(text) && /\btodo\(/.test(text);
}

/** Source text as nbformat writes it: a list of lines, each but the last ending in "\n". */
export function sourceLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((line) => line !== '');
}

/** What {@link resetExercises} and {@link markExercises} did to one notebook. */
export interface ExerciseReport {
  notebook: Notebook;
  /** Indexes of exercise cells whose source went back to the stub. */
  reset: number[];
  /** Indexes of exercise cells already equal to their stub (outputs cleared anyway). */
  unchanged: number[];
  /** Indexes of cells tagged `exercise` with no stored stub: cannot be reset. */
  withoutStub: number[];
  /** Indexes of cells that look like stubs but are not tagged (not touched by a reset). */
  untagged: number[];
}

function report(notebook: Notebook): ExerciseReport {
  return { notebook, reset: [], unchanged: [], withoutStub: [], untagged: [] };
}

/**
 * Every exercise cell back to its stored stub, with no outputs and no execution count. Other
 * cells are untouched; the input is not modified.
 */
export function resetExercises(notebook: Notebook): ExerciseReport {
  const result = report(notebook);
  result.notebook = {
    ...notebook,
    cells: notebook.cells.map((cell, index) => {
      if (!isExerciseCell(cell)) {
        if (looksLikeStub(cell)) result.untagged.push(index);
        return cell;
      }
      const stub = storedStub(cell);
      if (stub === undefined) {
        result.withoutStub.push(index);
        return cell;
      }
      (sourceText(cell) === stub ? result.unchanged : result.reset).push(index);
      return { ...cell, source: sourceLines(stub), outputs: [], execution_count: null };
    }),
  };
  return result;
}

/**
 * Adopts the convention in a notebook whose stubs are in place: every untagged cell that looks
 * like a stub gets the `exercise` tag and its current source as `metadata.streamlab.stub`.
 * Reported in `reset` (cells marked). Tagged cells are left as they are.
 */
export function markExercises(notebook: Notebook): ExerciseReport {
  const result = report(notebook);
  result.notebook = {
    ...notebook,
    cells: notebook.cells.map((cell, index) => {
      if (isExerciseCell(cell) || !looksLikeStub(cell)) return cell;
      result.reset.push(index);
      const tags = [...(Array.isArray(cell.metadata.tags) ? cell.metadata.tags : []), EXERCISE_TAG];
      const streamlab = { ...(cell.metadata.streamlab as object | undefined), stub: sourceText(cell) };
      return { ...cell, metadata: { ...cell.metadata, tags, streamlab } };
    }),
  };
  return result;
}

/** A notebook as Jupyter writes it (one-space indent, trailing newline), so diffs stay small. */
export function formatNotebook(notebook: Notebook): string {
  return `${JSON.stringify(notebook, null, 1)}\n`;
}
