import { describe, expect, it } from 'vitest';
import type { Notebook, NotebookCell } from '../../../delivery/src/notebook-format';
import { countSlides, splitAtHeadings, withSlideTypes } from '../../../delivery/src/slide-types';

const md = (source: string, metadata: NotebookCell['metadata'] = {}): NotebookCell => ({ cell_type: 'markdown', source, metadata });
const code = (source: string): NotebookCell => ({ cell_type: 'code', source, metadata: {}, outputs: [] });
const nb = (...cells: NotebookCell[]): Notebook => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
const types = (notebook: Notebook): Array<string | undefined> => notebook.cells.map((cell) => cell.metadata.slideshow?.slide_type);

describe('slide types for notebooks that have none', () => {
  it('starts a slide at the first cell and at each # or ## heading, a sub-slide at ### and deeper', () => {
    const deck = withSlideTypes(nb(md('# 06 · Janelas\n\nintro'), code('a()'), md('## 1. Tumbling'), md('texto sem título'), code('b()'), md('### detalhe'), md('  ## recuado')));
    expect(types(deck)).toEqual(['slide', '-', 'slide', '-', '-', 'subslide', 'slide']);
    expect(countSlides(deck)).toBe(3);
  });

  it('makes the first cell a slide even when it is code', () => {
    expect(types(withSlideTypes(nb(code('setup()'), md('## A')))))
      .toEqual(['slide', 'slide']);
  });

  it('does not treat a hashtag without a space as a heading', () => {
    expect(types(withSlideTypes(nb(md('# T'), md('#kafka é legal'))))).toEqual(['slide', '-']);
  });

  it("keeps an author's slide metadata and changes nothing else", () => {
    const authored = nb(md('# T', { slideshow: { slide_type: 'slide' } }), md('## A'), code('x'));
    expect(withSlideTypes(authored)).toBe(authored);
  });

  it('does not modify its input and keeps other metadata', () => {
    const input = nb(md('# T', { tags: ['intro'] }), code('x'));
    const deck = withSlideTypes(input);
    expect(input.cells[0].metadata).toEqual({ tags: ['intro'] });
    expect(deck.cells[0].metadata).toEqual({ tags: ['intro'], slideshow: { slide_type: 'slide' } });
  });

  it('splits a markdown cell at a heading in its middle, so that heading starts its own slide', () => {
    const deck = withSlideTypes(nb(md('# T\n\nintro'), code('x'), md('Texto do fim da seção 2.\n\n## 3. earliest × latest\n\nNovo assunto.')));
    expect(deck.cells.map((cell) => cell.source)).toEqual(['# T\n\nintro', 'x', 'Texto do fim da seção 2.', '## 3. earliest × latest\n\nNovo assunto.']);
    expect(types(deck)).toEqual(['slide', '-', '-', 'slide']);
  });

  it('does not split at a # line inside a code fence', () => {
    expect(splitAtHeadings('## A\n\n```python\n# comentário\nx = 1\n```\ntexto')).toEqual(['## A\n\n```python\n# comentário\nx = 1\n```\ntexto']);
    expect(splitAtHeadings('a\n## B\nb\n### C')).toEqual(['a', '## B\nb', '### C']);
  });
});
