import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Files a deck loads, relative to `node_modules`, and where they go in the deck folder: the
 * layout nbconvert's reveal template expects under `reveal_url_prefix` (reveal.js 5.2.x), the
 * white theme with its bundled fonts (themes that import web fonts would reach the network),
 * and require.js, which loads reveal as an AMD module.
 */
export const DECK_ASSETS: ReadonlyArray<readonly [from: string, to: string]> = [
  ['reveal.js/dist/reveal.js', 'reveal.js/dist/reveal.js'],
  ['reveal.js/dist/reveal.css', 'reveal.js/dist/reveal.css'],
  ['reveal.js/dist/theme/white.css', 'reveal.js/dist/theme/white.css'],
  ['reveal.js/dist/theme/fonts/source-sans-pro', 'reveal.js/dist/theme/fonts/source-sans-pro'],
  ['reveal.js/plugin/notes/notes.js', 'reveal.js/plugin/notes/notes.js'],
  ['requirejs/require.js', 'vendor/require.js'],
];

/** Copies reveal.js and require.js from `node_modules` next to the decks in `deckFolder`. */
export function copyDeckAssets(root: string, deckFolder: string): void {
  for (const [from, to] of DECK_ASSETS) {
    const target = join(deckFolder, to);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(root, 'node_modules', from), target, { recursive: true });
  }
}
