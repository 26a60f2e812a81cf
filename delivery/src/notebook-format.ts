/** The parts of the Jupyter notebook format (nbformat 4) the delivery tools read and write. */

/** One cell; `source` is a string or the list of lines nbformat also allows. */
export interface NotebookCell {
  cell_type: 'markdown' | 'code' | 'raw';
  source: string | string[];
  metadata: Record<string, unknown> & { tags?: string[]; slideshow?: { slide_type?: SlideType } };
  outputs?: unknown[];
  execution_count?: number | null;
  [key: string]: unknown;
}

/** A notebook as JSON. */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** Values of `metadata.slideshow.slide_type` that nbconvert's reveal template understands. */
export type SlideType = 'slide' | 'subslide' | 'fragment' | 'skip' | 'notes' | '-';

/** A cell's source as one string. */
export function sourceText(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}
