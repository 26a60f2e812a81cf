import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatasetError } from './errors.js';

/**
 * The absolute path of `file` in the installed `vega-datasets` package (its `data/` folder).
 * The package's exports map hides package.json, so we resolve its entry point and walk up.
 */
export function vegaDatasetPath(file: string): string {
  let entry: string;
  try {
    entry = require.resolve('vega-datasets');
  } catch (error) {
    throw new DatasetError('the vega-datasets package is not installed', {
      hint: 'run `npm install` at the repository root (kernel-helpers depends on vega-datasets)',
      cause: error,
    });
  }
  // entry is <package>/build/index.js
  const path = join(dirname(entry), '..', 'data', file);
  if (!existsSync(path)) {
    throw new DatasetError(`vega-datasets has no data/${file} (looked in ${path})`, {
      hint: 'check the installed vega-datasets version: kernel-helpers pins the one that ships this file',
    });
  }
  return path;
}
