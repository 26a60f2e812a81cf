import { sourceText, type Notebook, type NotebookCell, type SlideType } from './notebook-format.js';

/** Whether any cell already says how it is shown in a slideshow. */
export function hasSlideMetadata(notebook: Notebook): boolean {
  return notebook.cells.some((cell) => typeof cell.metadata?.slideshow?.slide_type === 'string');
}

/**
 * The slide type a cell gets when its notebook has none: a markdown cell that opens with a
 * heading starts a new slide (`#`/`##`) or a vertical sub-slide (`###` and deeper); the very first
 * cell always starts a slide; every other cell continues the slide above (`-`).
 */
export function defaultSlideType(cell: NotebookCell, index: number): SlideType {
  if (index === 0) return 'slide';
  if (cell.cell_type !== 'markdown') return '-';
  const level = /^\s*(#{1,6})\s/.exec(sourceText(cell))?.[1].length;
  if (level === undefined) return '-';
  return level <= 2 ? 'slide' : 'subslide';
}

/**
 * A markdown text cut before each heading line (outside code fences), so a heading in the middle
 * of a cell can start its own slide. Text with no inner heading comes back as one piece.
 */
export function splitAtHeadings(text: string): string[] {
  const pieces: string[] = [];
  let current: string[] = [];
  let fenced = false;
  for (const line of text.split(/(?<=\n)/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && /^#{1,6}\s/.test(line) && current.some((previous) => previous.trim() !== '')) {
      pieces.push(current.join(''));
      current = [];
    }
    current.push(line);
  }
  pieces.push(current.join(''));
  return pieces.map((piece) => piece.replace(/\n+$/, ''));
}

/**
 * A copy of `notebook` ready for nbconvert's slides: unchanged when an author set slide types
 * (theirs win); otherwise markdown cells are split at inner headings and every cell gets
 * {@link defaultSlideType}. The input is not modified.
 */
export function withSlideTypes(notebook: Notebook): Notebook {
  if (hasSlideMetadata(notebook)) return notebook;
  const cells = notebook.cells.flatMap((cell): NotebookCell[] =>
    cell.cell_type === 'markdown' ? splitAtHeadings(sourceText(cell)).map((source) => ({ ...cell, source })) : [cell],
  );
  return {
    ...notebook,
    cells: cells.map((cell, index) => ({
      ...cell,
      metadata: { ...cell.metadata, slideshow: { slide_type: defaultSlideType(cell, index) } },
    })),
  };
}

/** How many slides (top-level sections) a notebook shows: cells of type `slide`. */
export function countSlides(notebook: Notebook): number {
  return notebook.cells.filter((cell) => cell.metadata?.slideshow?.slide_type === 'slide').length;
}
