/**
 * The notebook toolchain, kept apart from the library notebooks import: the project-local Jupyter
 * with the tslab kernel, the headless notebook runner, and the CLIs' error reporting. Used by the
 * npm scripts (`npm run setup`, `notebooks`, `start`, `stack:*`) and `delivery/`; package.json's
 * `exports` does not expose `@streamlab/kernel-helpers/jupyter` (nor the internal `notebook`) to
 * notebooks, only this entry.
 */
export { runNotebooks, setupJupyter, type JupyterPaths, type JupyterSetup, type RunNotebooksOptions, type SetupOptions } from '../jupyter/index.js';
export { runCli } from '../errors.js';
