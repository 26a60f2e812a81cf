import { ensureKernel } from './kernel.js';
import { jupyterPaths, type JupyterPaths } from './paths.js';
import { ensureVenv } from './venv.js';

export interface SetupOptions {
  /** Repository root; default the checkout this package belongs to. */
  root?: string;
  /** Called with human-readable progress lines (venv creation, pip output, kernel install). */
  onProgress?: (line: string) => void;
}

export interface JupyterSetup {
  paths: JupyterPaths;
  /** Whether anything changed in this call (venv created, packages or kernel installed). */
  changed: boolean;
}

/**
 * Makes the notebook toolchain ready: `.venv/` with the pinned Jupyter packages and the tslab
 * kernel registered inside it. Idempotent; starts no process when everything is current.
 */
export async function setupJupyter(options: SetupOptions = {}): Promise<JupyterSetup> {
  const paths = jupyterPaths(options.root);
  const venv = await ensureVenv(paths, options);
  const kernel = await ensureKernel(paths, options);
  return { paths, changed: venv.created || venv.installed || kernel.installed };
}
