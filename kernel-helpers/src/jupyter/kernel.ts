import { existsSync, readFileSync } from 'node:fs';
import { JupyterError } from '../errors.js';
import { runCommand } from './command.js';
import type { JupyterPaths } from './paths.js';

/** Name of the TypeScript kernel the notebooks declare in their metadata. */
export const KERNEL_NAME = 'tslab';

export interface KernelOptions {
  /** Called with human-readable progress lines. */
  onProgress?: (line: string) => void;
}

/** True when a parsed kernel.json starts kernels with this tslab launcher. */
export function kernelSpecMatches(spec: unknown, tslab: string): boolean {
  const argv = (spec as { argv?: unknown } | null)?.argv;
  return Array.isArray(argv) && argv[0] === tslab && argv[1] === 'kernel';
}

/**
 * Registers the tslab kernel inside the venv's prefix, so the venv's Jupyter finds it and the
 * user's own kernels stay untouched. Does nothing when the registered kernel already points at
 * this checkout's tslab; after an install, checks that `jupyter kernelspec list` sees it.
 */
export async function ensureKernel(paths: JupyterPaths, options: KernelOptions = {}): Promise<{ installed: boolean }> {
  if (!existsSync(paths.tslab)) {
    throw new JupyterError(`tslab not found at ${paths.tslab}`, { hint: 'run npm ci at the repository root' });
  }
  if (existsSync(paths.kernelSpec) && kernelSpecMatches(readJson(paths.kernelSpec), paths.tslab)) {
    return { installed: false };
  }

  options.onProgress?.(`registering the ${KERNEL_NAME} kernel in .venv`);
  const args = ['install', `--python=${paths.python}`, `--binary=${paths.tslab}`, `--prefix=${paths.venv}`];
  const install = await runCommand(process.execPath, [paths.tslab, ...args]);
  if (install.code !== 0) {
    throw new JupyterError(`tslab install failed: ${(install.stderr || install.stdout).trim()}`, {
      hint: 'delete .venv and run npm run setup again',
    });
  }

  const list = await runCommand(paths.jupyter, ['kernelspec', 'list', '--json']);
  const specs = list.code === 0 ? (JSON.parse(list.stdout) as { kernelspecs?: Record<string, unknown> }).kernelspecs : undefined;
  if (!specs?.[KERNEL_NAME]) {
    throw new JupyterError(`the venv's Jupyter does not list the ${KERNEL_NAME} kernel after installing it`, {
      hint: 'delete .venv and run npm run setup again',
    });
  }
  return { installed: true };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
