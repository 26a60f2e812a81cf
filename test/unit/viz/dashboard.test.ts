import { describe, expect, it } from 'vitest';
import { barChart, dashboardSpec, liveDashboard, scatterChart } from '../../../kernel-helpers/src/viz/index';

const panels = {
  top: barChart([], { x: 'origin', y: 'delay' }, { title: 'top' }),
  map: scatterChart([], { x: 'lon', y: 'lat', size: 'mag' }, { title: 'map' }),
  third: barChart([], { x: 'k', y: 'n' }),
};

describe('dashboardSpec', () => {
  it('lays panels out in rows of `columns`, each reading its own named dataset', () => {
    const spec = dashboardSpec(panels, new Map([['top', [{ origin: 'ATL', delay: 3 }]]]), { columns: 2, title: 'Painel' }) as never as {
      vconcat: Array<{ hconcat: Array<{ data: { name: string }; title: string; $schema?: string }> }>;
      datasets: Record<string, unknown[]>;
    };
    expect(spec.vconcat.map((line) => line.hconcat.map((view) => view.data.name))).toEqual([['top', 'map'], ['third']]);
    expect(spec.vconcat[0].hconcat[0].$schema).toBeUndefined();
    expect(spec.datasets).toEqual({ top: [{ origin: 'ATL', delay: 3 }], map: [], third: [] });
  });
});

describe('LiveDashboard', () => {
  it('draws one final frame with every panel in one SVG and measures produced → drawn latency', async () => {
    const dashboard = liveDashboard(panels, { minIntervalMs: 10_000 });
    const producedAt = Date.now();
    dashboard.update('top', [{ origin: 'ATL', delay: 3 }], [producedAt]);
    dashboard.update('map', [{ lon: -120, lat: 35, mag: 2 }]);
    const bundle = await dashboard.close();
    expect(bundle['image/svg+xml']).toContain('ATL');
    expect(bundle['image/svg+xml']).toContain('map');
    const stats = dashboard.stats();
    expect(stats.latencyMs.samples).toBe(1);
    expect(stats.latencyMs.median).toBeGreaterThanOrEqual(0);
    expect(stats.frames).toBeGreaterThanOrEqual(1);
  });

  it('rejects an unknown panel', () => {
    expect(() => liveDashboard(panels).update('nope', [])).toThrow(/no panel nope/);
  });
});
