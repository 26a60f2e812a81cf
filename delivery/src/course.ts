import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceText, type Notebook } from './notebook-format.js';

/** Course notebooks are `notebooks/NN-name.ipynb`; anything else in the folder is not a lesson. */
export const NOTEBOOK_FILE = /^(\d\d)-[^/]+\.ipynb$/;

/** What the index and the navigation say about one notebook. */
export interface Lesson {
  /** File name without `.ipynb`, e.g. `06-janelas`: also the page's name. */
  stem: string;
  /** The two-digit number, e.g. `06`. */
  number: string;
  /** The first markdown heading, without `#`; the stem when there is none. */
  title: string;
  /** Minutes from the "⏱ ~N min" line of the first markdown cell; undefined when it has none. */
  minutes?: number;
}

const TIME_LINE = /⏱\uFE0F?\s*~?\s*(\d+)\s*min/;

/** Title and time of a notebook, read from its first markdown cell. */
export function describeLesson(stem: string, notebook: Notebook): Lesson {
  const first = notebook.cells.find((cell) => cell.cell_type === 'markdown');
  const text = first ? sourceText(first) : '';
  const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/m.exec(text)?.[1];
  const minutes = TIME_LINE.exec(text)?.[1];
  return {
    stem,
    number: stem.slice(0, 2),
    title: heading ?? stem,
    ...(minutes ? { minutes: Number(minutes) } : {}),
  };
}

/** The time column of the index: "~N min", or "—" when the notebook states none. */
export function formatMinutes(minutes: number | undefined): string {
  return minutes === undefined ? '—' : `~${minutes} min`;
}

/** Every course notebook in `folder`, in course order (by file name). */
export function discoverNotebooks(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((name) => NOTEBOOK_FILE.test(name)).sort();
}

/** Reads a notebook file as JSON. */
export function readNotebook(file: string): Notebook {
  return JSON.parse(readFileSync(file, 'utf8')) as Notebook;
}

/** Where the repository keeps its notebooks and where `npm run notebooks` writes executed copies. */
export function coursePaths(root: string): { notebooks: string; executed: string; build: string } {
  return { notebooks: join(root, 'notebooks'), executed: join(root, 'build', 'notebooks'), build: join(root, 'build') };
}
