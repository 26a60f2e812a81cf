import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coursePaths, discoverNotebooks, readNotebook } from './course.js';
import { DeliveryError } from './errors.js';
import { render } from './render.js';
import { countSlides, hasSlideMetadata, withSlideTypes } from './slide-types.js';
import { copyDeckAssets } from './vendor.js';

/** One deck {@link buildSlides} wrote. */
export interface BuiltDeck {
  /** Notebook stem; the deck is `build/slides/<stem>.slides.html`. */
  stem: string;
  /** Top-level slides. */
  slides: number;
  /** Whether the deck came from the executed copy (charts and outputs) or the bare notebook. */
  executed: boolean;
  /** Whether the author's slide metadata was used (else one slide per heading). */
  authored: boolean;
}

/**
 * Builds `build/slides/`: a reveal.js deck per notebook (all, or those in `only`) from the
 * executed copy in `build/notebooks/` when there is one, with reveal.js and require.js copied
 * beside the decks so they open offline. Notebooks without slide metadata get one slide per heading.
 */
export async function buildSlides(root: string, options: { only?: string[] } = {}): Promise<{ folder: string; decks: BuiltDeck[] }> {
  const paths = coursePaths(root);
  const folder = join(paths.build, 'slides');
  const prepared = join(paths.build, 'slides-src');
  const names = discoverNotebooks(paths.notebooks).filter((name) => !options.only || options.only.includes(name.replace(/\.ipynb$/, '')));
  if (names.length === 0) throw new DeliveryError('no notebooks/NN-*.ipynb to make slides from', { hint: 'run from the repository root' });

  if (!options.only) rmSync(folder, { recursive: true, force: true });
  rmSync(prepared, { recursive: true, force: true });
  mkdirSync(prepared, { recursive: true });
  const decks = names.map((name): BuiltDeck => {
    const executedFile = join(paths.executed, name);
    const executed = existsSync(executedFile);
    const notebook = readNotebook(executed ? executedFile : join(paths.notebooks, name));
    const deck = withSlideTypes(notebook);
    writeFileSync(join(prepared, name), JSON.stringify(deck));
    return { stem: name.replace(/\.ipynb$/, ''), slides: countSlides(deck), executed, authored: hasSlideMetadata(notebook) };
  });
  copyDeckAssets(root, folder);
  await render(root, 'deck', names.map((name) => join(prepared, name)), folder);
  rmSync(prepared, { recursive: true, force: true });
  return { folder, decks };
}
