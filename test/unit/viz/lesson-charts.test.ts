import { describe, expect, it } from 'vitest';
import { chartBundle, delayChart, fieldName, linesWithMarks, logStrip, streamTimeChart, streamTimeSteps, tradeOffChart, twoClocksChart } from '../../../kernel-helpers/src/viz/index';

const svgOf = async (spec: Parameters<typeof chartBundle>[0]) => (await chartBundle(spec))['image/svg+xml'];

describe('logStrip', () => {
  const cells = [
    { row: 'antes', offset: 0, key: 'a' },
    { row: 'antes', offset: 1, key: 'b' },
    { row: 'antes', offset: 2, key: 'a' },
    { row: 'depois', offset: 0, key: 'a', deleted: true },
    { row: 'depois', offset: 1, key: 'b' },
    { row: 'depois', offset: 2, key: 'a' },
  ];

  it('has one cell per offset and row, the deleted ones marked apagado', () => {
    const spec = logStrip(cells, { title: 'log' }) as { data: { values: Array<{ linha: string; offset: number; estado: string }> } };
    expect(spec.data.values).toHaveLength(6);
    expect(spec.data.values.filter((cell) => cell.estado === 'apagado')).toEqual([expect.objectContaining({ linha: 'depois', offset: 0 })]);
  });

  it('draws a rect per cell, grey for the deleted', async () => {
    const svg = await svgOf(logStrip(cells));
    expect(svg).toContain('#d9d9d9');
    expect(svg).toContain('depois');
  });
});

describe('streamTimeSteps', () => {
  it('keeps the largest event time and the start of the oldest open window', () => {
    const steps = streamTimeSteps(
      [
        { eventTime: 65_000, dropped: false },
        { eventTime: 50_000, dropped: false },
        { eventTime: 75_000, dropped: false },
      ],
      60_000,
      10_000,
    );
    expect(steps.map((step) => step.streamTime)).toEqual([65_000, 65_000, 75_000]);
    // 65 s - 10 s grace = 55 s: window [0, 60) still open; 75 - 10 = 65: [0, 60) closed, [60, 120) is the oldest open.
    expect(steps.map((step) => step.oldestOpenStart)).toEqual([0, 0, 60_000]);
  });

  it('draws records, stream time and dropped records as three layers', async () => {
    const spec = streamTimeChart([{ eventTime: 1000, dropped: false }, { eventTime: 500, dropped: true }], { windowMs: 1000, graceMs: 0, origin: 0 });
    const view = spec as { layer: unknown[]; data: { values: unknown[] } };
    expect(view.layer).toHaveLength(3);
    expect(view.data.values).toHaveLength(6);
    expect(await svgOf(spec)).toContain('registro descartado');
  });
});

describe('delayChart', () => {
  it('classifies each record by its delay', () => {
    const spec = delayChart([{ eventTime: 0, processingTime: 1000 }, { eventTime: 0, processingTime: 20_000 }], { lateAfterMs: 15_000 }) as { data: { values: Array<{ tipo: string; 'atraso (s)': number }> } };
    expect(spec.data.values.map((row) => [row.tipo, row['atraso (s)']])).toEqual([['normal', 1], ['atrasado', 20]]);
  });
});

describe('twoClocksChart', () => {
  const records = [
    { eventTime: 10_000, processingTime: 11_000 },
    { eventTime: 12_000, processingTime: 40_000 },
    { eventTime: 13_000, processingTime: 13_500 },
  ];
  type Layer = { data: { values: Array<Record<string, number | string>> }; encoding: { x: { scale: { domain: number[] } }; y: { scale: { domain: number[] } } } };

  it('puts each record at (event time, processing time) in seconds since the first event, late ones apart', () => {
    const layers = (twoClocksChart(records, { lateAfterMs: 15_000 }) as { layer: Layer[] }).layer;
    expect(layers[2].data.values).toEqual([
      { 'tempo de evento (s)': 0, 'tempo de processamento (s)': 1, tipo: 'normal' },
      { 'tempo de evento (s)': 2, 'tempo de processamento (s)': 30, tipo: 'atrasado' },
      { 'tempo de evento (s)': 3, 'tempo de processamento (s)': 3.5, tipo: 'normal' },
    ]);
  });

  it('draws the no-delay diagonal y = x over the same domain on both axes', async () => {
    const layers = (twoClocksChart(records) as { layer: Layer[] }).layer;
    expect(layers[0].data.values).toEqual([
      { 'tempo de evento (s)': 0, 'tempo de processamento (s)': 0 },
      { 'tempo de evento (s)': 30, 'tempo de processamento (s)': 30 },
    ]);
    expect(layers[2].encoding.x.scale.domain).toEqual([0, 30]);
    expect(layers[2].encoding.y.scale.domain).toEqual([0, 30]);
    const svg = await svgOf(twoClocksChart(records));
    expect(svg).toContain('sem atraso');
    expect(svg).toContain('#d62728');
  });
});

describe('tradeOffChart', () => {
  it('puts the two measures on independent y axes, left and right', async () => {
    const spec = tradeOffChart([{ linger: '0', req: 100, p95: 2 }, { linger: '20', req: 10, p95: 21 }], { x: 'linger', left: 'req', right: 'p95' });
    const view = spec as { resolve: unknown; layer: Array<{ encoding: { y: { field: string; axis: { orient: string } } } }> };
    expect(view.resolve).toEqual({ scale: { y: 'independent' } });
    expect(view.layer.map((layer) => [layer.encoding.y.field, layer.encoding.y.axis.orient])).toEqual([['req', 'left'], ['p95', 'right']]);
    const svg = await svgOf(spec);
    expect(svg).toContain('req');
    expect(svg).toContain('p95');
  });
});

describe('fieldName', () => {
  it('escapes dots and brackets so a column like linger.ms is not read as a path', async () => {
    expect(fieldName('linger.ms')).toBe('linger\\.ms');
    expect(fieldName('a[0]')).toBe('a\\[0\\]');
    const svg = await svgOf(tradeOffChart([{ 'linger.ms': '0 ms', r: 1, l: 2 }, { 'linger.ms': '20 ms', r: 3, l: 1 }], { x: 'linger.ms', left: 'r', right: 'l' }));
    expect(svg).toContain('20 ms');
    expect(svg).not.toContain('undefined');
  });
});

describe('linesWithMarks', () => {
  it('draws one line per series and a labelled rule per mark', async () => {
    const rows = [0, 1, 2].flatMap((offset) => [{ offset, n: offset, serie: 'verdade' }, { offset, n: offset * 2, serie: 'ingênuo' }]);
    const spec = linesWithMarks(rows, { x: 'offset', y: 'n', color: 'serie' }, [{ at: 1, label: 'SIGKILL' }]);
    const svg = await svgOf(spec);
    expect(svg).toContain('SIGKILL');
    expect(svg).toContain('ingênuo');
  });
});
