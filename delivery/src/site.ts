#!/usr/bin/env node
/** npm run site: the executed notebooks as a static site in build/site/, readable with no kernel and no network. */
import { resolve } from 'node:path';
import { runCli } from '@streamlab/kernel-helpers/toolchain';
import { buildSite } from './build-site.js';

void runCli(async () => {
  const site = await buildSite(resolve(__dirname, '..', '..'));
  console.log(`site: ${site.lessons.length} notebook pages + index in build/site/ (open build/site/index.html)`);
});
