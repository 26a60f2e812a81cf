import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { JupyterError } from '../errors.js';
import { runCommand } from './command.js';
import type { JupyterPaths } from './paths.js';
import { findPython, VENV_HINT } from './python.js';

export interface VenvOptions {
  /** Called with human-readable progress lines, including pip's own output. */
  onProgress?: (line: string) => void;
}

export interface VenvResult {
  /** The venv was (re)created. */
  created: boolean;
  /** pip installed the requirements. */
  installed: boolean;
}

/**
 * Hash of the requirement lines that matter: comments, blank lines and spacing are ignored,
 * so rewording a comment does not trigger a reinstall. Hex sha256.
 */
export function requirementsHash(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line.length > 0);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * Makes `.venv/` ready: creates it when missing or broken, and runs `pip install -r` only when
 * the requirements file changed since the last successful install (a hash stamp in the venv).
 * With nothing to do it starts no process.
 */
export async function ensureVenv(paths: JupyterPaths, options: VenvOptions = {}): Promise<VenvResult> {
  const progress = options.onProgress ?? (() => {});
  const hash = requirementsHash(readFileSync(paths.requirements, 'utf8'));
  const created = !existsSync(paths.python);
  if (!created && readStamp(paths.stamp) === hash) return { created, installed: false };

  if (created) {
    const python = await findPython();
    progress(`creating ${relative(paths.root, paths.venv)}/ with ${python}`);
    const result = await runCommand(python, ['-m', 'venv', '--clear', paths.venv]);
    if (result.code !== 0) {
      throw new JupyterError(`${python} -m venv failed: ${lastLine(result.stderr || result.stdout)}`, { hint: VENV_HINT });
    }
  }

  rmSync(paths.stamp, { force: true });
  progress(`installing ${relative(paths.root, paths.requirements)} (about a minute the first time)`);
  const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '-r', paths.requirements];
  const result = await runCommand(paths.python, pip, { onLine: progress });
  if (result.code !== 0) {
    throw new JupyterError(`pip install failed: ${lastLine(result.stderr || result.stdout)}`, {
      hint: 'check access to PyPI (or PIP_INDEX_URL) and the pins in kernel-helpers/python/requirements.txt',
    });
  }
  writeFileSync(paths.stamp, `${hash}\n`);
  return { created, installed: true };
}

function readStamp(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
