import { describe, expect, it } from 'vitest';
import { formatNotebook, markExercises, resetExercises, sourceLines } from '../../../delivery/src/exercise-cells';
import type { Notebook, NotebookCell } from '../../../delivery/src/notebook-format';

const STUB = "await exercise('janelas-contagem', (builder) => {\n  return todo('contar');\n});";
const SOLVED = "await exercise('janelas-contagem', (builder) => {\n  return builder.stream('x').count();\n});";
const cell = (source: string, metadata: NotebookCell['metadata'] = {}): NotebookCell => ({
  cell_type: 'code',
  source: sourceLines(source),
  metadata,
  outputs: [{ output_type: 'stream', name: 'stdout', text: '✅' }],
  execution_count: 7,
});
const nb = (...cells: NotebookCell[]): Notebook => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
const tagged = (source: string): NotebookCell => cell(source, { tags: ['exercise'], streamlab: { stub: STUB } });

describe('reset-exercises', () => {
  it('puts a solved exercise cell back to its stub, with no outputs and no execution count', () => {
    const result = resetExercises(nb(cell('const a = 1;'), tagged(SOLVED)));
    expect(result.reset).toEqual([1]);
    const [other, exercise] = result.notebook.cells;
    expect(exercise.source).toEqual(["await exercise('janelas-contagem', (builder) => {\n", "  return todo('contar');\n", '});']);
    expect(exercise.outputs).toEqual([]);
    expect(exercise.execution_count).toBeNull();
    expect(exercise.metadata).toEqual({ tags: ['exercise'], streamlab: { stub: STUB } });
    expect(other.source).toEqual(['const a = 1;']);
    expect(other.outputs).toHaveLength(1);
  });

  it('reports a cell already equal to its stub as unchanged, and is idempotent', () => {
    const once = resetExercises(nb(tagged(SOLVED))).notebook;
    const twice = resetExercises(once);
    expect(twice.unchanged).toEqual([0]);
    expect(twice.reset).toEqual([]);
    expect(formatNotebook(twice.notebook)).toBe(formatNotebook(once));
  });

  it('reports tagged cells without a stored stub and untagged stubs, touching neither', () => {
    const input = nb(cell(SOLVED, { tags: ['exercise'] }), cell(STUB));
    const result = resetExercises(input);
    expect(result.withoutStub).toEqual([0]);
    expect(result.untagged).toEqual([1]);
    expect(result.notebook.cells).toEqual(input.cells);
  });

  it('does not modify its input', () => {
    const input = nb(tagged(SOLVED));
    resetExercises(input);
    expect(input.cells[0].source).toEqual(sourceLines(SOLVED));
  });
});

describe('reset-exercises --mark', () => {
  it('tags each untagged cell calling exercise() and todo() and stores its source as the stub', () => {
    const result = markExercises(nb(cell('// sem exercício\ntodo()'), cell(STUB, { tags: ['x'] }), tagged(SOLVED)));
    expect(result.reset).toEqual([1]);
    expect(result.notebook.cells[1].metadata).toEqual({ tags: ['x', 'exercise'], streamlab: { stub: STUB } });
    expect(result.notebook.cells[0].metadata).toEqual({});
    expect(resetExercises(result.notebook).untagged).toEqual([]);
  });

  it('also tags a capstone stage stub (stage() and todo())', () => {
    const stageStub = "const pipeline = await stage('projeto-pipeline', () => todo('montar o pipeline'));";
    const result = markExercises(nb(cell(stageStub)));
    expect(result.reset).toEqual([0]);
    expect(result.notebook.cells[0].metadata).toEqual({ tags: ['exercise'], streamlab: { stub: stageStub } });
  });
});

describe('notebook text', () => {
  it('splits source into lines the way Jupyter stores them', () => {
    expect(sourceLines('a\nb\n\nc')).toEqual(['a\n', 'b\n', '\n', 'c']);
    expect(sourceLines('')).toEqual([]);
  });
});
