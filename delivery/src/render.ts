import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setupJupyter } from '@streamlab/kernel-helpers/toolchain';
import { DeliveryError } from './errors.js';

/** `page`: an offline HTML page per notebook; `deck`: an offline reveal.js deck per notebook. */
export type RenderKind = 'page' | 'deck';

/** The nbconvert bridge and its offline templates, kept in `delivery/` apart from the library. */
export function rendererScript(root: string): string {
  return join(root, 'delivery', 'render.py');
}

/**
 * Renders notebooks with nbconvert in the project venv (created by `npm run setup` if missing):
 * `out/<stem>.html` for pages, `out/<stem>.slides.html` for decks. One Python process for all,
 * so nbconvert's start-up (~2 s) is paid once.
 */
export async function render(root: string, kind: RenderKind, notebooks: string[], out: string): Promise<void> {
  if (notebooks.length === 0) return;
  let announced = false;
  const { paths } = await setupJupyter({
    onProgress: () => {
      if (!announced) console.log('jupyter: preparing the project venv (.venv) with nbconvert: first run only, about a minute');
      announced = true;
    },
  });
  const run = spawnSync(paths.python, [rendererScript(root), kind, out, ...notebooks], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) {
    throw new DeliveryError(`nbconvert could not render the ${kind === 'page' ? 'site' : 'slides'} (exit ${run.status ?? run.signal})`, {
      hint: 'read the error above; `npm run setup` reinstalls the Jupyter venv',
    });
  }
}
