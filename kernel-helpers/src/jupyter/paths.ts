import { join, resolve } from 'node:path';

/** Every file and folder the notebook toolchain touches, as absolute paths. */
export interface JupyterPaths {
  /** The repository root. */
  root: string;
  /** The project-local virtualenv, `.venv/`. */
  venv: string;
  /** The venv's Python. */
  python: string;
  /** The venv's `jupyter` command. */
  jupyter: string;
  /** Pinned Jupyter packages. */
  requirements: string;
  /** Hash of the requirements the venv was last installed from. */
  stamp: string;
  /** The headless notebook runner. */
  runner: string;
  /** The tslab launcher that Jupyter starts kernels with. */
  tslab: string;
  /** The tslab kernelspec, registered inside the venv's prefix. */
  kernelSpec: string;
  /** The course notebooks. */
  notebooks: string;
}

/** Paths for the repository at `root` (default: the one this package is compiled into). */
export function jupyterPaths(root: string = resolve(__dirname, '..', '..', '..')): JupyterPaths {
  const venv = join(root, '.venv');
  const python = join(root, 'kernel-helpers', 'python');
  return {
    root,
    venv,
    python: join(venv, 'bin', 'python'),
    jupyter: join(venv, 'bin', 'jupyter'),
    requirements: join(python, 'requirements.txt'),
    stamp: join(venv, '.streamlab-requirements.sha256'),
    runner: join(python, 'run_notebooks.py'),
    tslab: join(root, 'node_modules', '.bin', 'tslab'),
    kernelSpec: join(venv, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json'),
    notebooks: join(root, 'notebooks'),
  };
}
