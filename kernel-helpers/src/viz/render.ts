import { compile } from 'vega-lite';
import { parse, View } from 'vega';
import type { ChartSpec } from './specs.js';

/**
 * Renders a spec to a static SVG in this process (no browser): the fallback every chart output
 * carries, so charts show in JupyterLab, VS Code, GitHub and the HTML export alike.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
