#!/usr/bin/env node
/** npm run slides: a reveal.js deck per notebook in build/slides/, working offline. */
import { resolve } from 'node:path';
import { runCli } from '@streamlab/kernel-helpers/toolchain';
import { buildSlides } from './build-slides.js';

void runCli(async () => {
  const { decks } = await buildSlides(resolve(__dirname, '..', '..'));
  for (const deck of decks) {
    const origin = `${deck.authored ? 'slide metadata' : 'one slide per heading'}${deck.executed ? '' : ', no outputs'}`;
    console.log(`slides: ${deck.stem}: ${deck.slides} slides (${origin})`);
  }
  console.log(`slides: ${decks.length} decks in build/slides/ (open build/slides/<notebook>.slides.html; reveal.js and require.js are copied beside them)`);
  const bare = decks.filter((deck) => !deck.executed).map((deck) => deck.stem);
  if (bare.length > 0) {
    console.log(`slides: ${bare.length} deck(s) without charts or outputs (${bare.join(', ')}): run \`npm run notebooks\` first, then \`npm run slides\` again`);
  }
});
