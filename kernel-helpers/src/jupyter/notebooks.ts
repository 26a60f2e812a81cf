import { resolve } from 'node:path';
import { runAttached } from './command.js';
import type { JupyterPaths } from './paths.js';

export interface RunNotebooksOptions {
  /** Notebooks to run; default every `notebooks/[0-9][0-9]-*.ipynb`. */
  notebooks?: string[];
  /** Per-cell timeout in seconds; default the runner's (300). */
  timeout?: number;
}

/**
 * Executes notebooks headlessly with `run_notebooks.py` in the venv, its report going straight
 * to this terminal. Kernels inherit this process's environment. Resolves to the runner's exit
 * code: 0 when every notebook passed.
 */
export function runNotebooks(paths: JupyterPaths, options: RunNotebooksOptions = {}): Promise<number> {
  const args = [paths.runner];
  if (options.timeout !== undefined) args.push('--timeout', String(options.timeout));
  args.push(...(options.notebooks ?? []).map((notebook) => resolve(notebook)));
  return runAttached(paths.python, args);
}
