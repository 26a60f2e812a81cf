/** The notebook toolchain: a project-local Jupyter with the tslab kernel. */
export { setupJupyter, type JupyterSetup, type SetupOptions } from './setup.js';
export { runNotebooks, type RunNotebooksOptions } from './notebooks.js';
export type { JupyterPaths } from './paths.js';
