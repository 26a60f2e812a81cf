import { describe, expect, it } from 'vitest';
import { describeLesson, formatMinutes, NOTEBOOK_FILE } from '../../../delivery/src/course';
import type { Notebook } from '../../../delivery/src/notebook-format';

const notebook = (...markdown: string[]): Notebook => ({
  cells: [{ cell_type: 'code', source: 'const x = 1;', metadata: {} }, ...markdown.map((source) => ({ cell_type: 'markdown' as const, source, metadata: {} }))],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});

describe('what the site index says about a notebook', () => {
  it('reads the title and the "⏱ ~N min" line from the first markdown cell', () => {
    const lesson = describeLesson('06-janelas', notebook('# 06 · Janelas: agregar um fluxo\n\n**Objetivos**\n\n⏱ ~45 min · pré-requisitos: 03', '## 2. ⏱ ~99 min'));
    expect(lesson).toEqual({ stem: '06-janelas', number: '06', title: '06 · Janelas: agregar um fluxo', minutes: 45 });
  });

  it('accepts the line as a list of source lines and without the tilde', () => {
    const source = ['# 00 · Ambiente\n', '\n', '⏱ 30 min\n'] as unknown as string;
    expect(describeLesson('00-ambiente', notebook(source)).minutes).toBe(30);
  });

  it('has no time when the first markdown cell states none, even if a later one does, and shows "—"', () => {
    const lesson = describeLesson('05-cdc', notebook('# 05 · CDC', '⏱ ~20 min'));
    expect(lesson.minutes).toBeUndefined();
    expect(formatMinutes(lesson.minutes)).toBe('—');
    expect(formatMinutes(40)).toBe('~40 min');
  });

  it('falls back to the file name when there is no heading', () => {
    expect(describeLesson('09-analytics', notebook('sem título')).title).toBe('09-analytics');
  });

  it('takes any NN-name.ipynb as a lesson and nothing else', () => {
    expect(['05-cdc-debezium.ipynb', '10-projeto-final.ipynb'].every((name) => NOTEBOOK_FILE.test(name))).toBe(true);
    expect(['solutions', 'rascunho.ipynb', '5-x.ipynb', '06-janelas.ipynb.bak'].some((name) => NOTEBOOK_FILE.test(name))).toBe(false);
  });
});
