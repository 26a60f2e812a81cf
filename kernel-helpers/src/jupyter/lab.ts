import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { waitAttached } from './command.js';
import { KERNEL_NAME } from './kernel.js';
import type { JupyterPaths } from './paths.js';

/** Loopback only: a Jupyter server runs arbitrary code for whoever reaches it. */
const HOST = '127.0.0.1';

export interface LabOptions {
  /** Port to listen on; default a free one. */
  port?: number;
  /** Called once the server answers, with its URL including the token. */
  onReady?: (url: string) => void;
}

/**
 * The `jupyter lab` command line and environment: loopback only, no browser, `notebooks/` as root,
 * the course kernel by default, and token authentication with `token` passed in the environment
 * (`JUPYTER_TOKEN`), not on the command line, which every local user can read in /proc. Pure.
 */
export function labCommand(paths: Pick<JupyterPaths, 'notebooks'>, port: number, token: string, isRoot: boolean, env: NodeJS.ProcessEnv = process.env): { args: string[]; env: NodeJS.ProcessEnv } {
  const args = ['lab', '--no-browser', `--ip=${HOST}`, `--port=${port}`, '--port-retries=0'];
  args.push(`--notebook-dir=${paths.notebooks}`);
  // New notebooks get the course's kernel, not the python3 one ipykernel brings into the venv.
  args.push(`--MultiKernelManager.default_kernel_name=${KERNEL_NAME}`);
  // Jupyter refuses to run as root without this; containers and CI machines often are root.
  if (isRoot) args.push('--allow-root');
  return { args, env: { ...env, JUPYTER_TOKEN: token } };
}

/**
 * Runs JupyterLab from the venv on 127.0.0.1 with `notebooks/` as its root, no browser and a
 * fresh random token, until it stops (Ctrl-C). Resolves to its exit code.
 */
export async function runLab(paths: JupyterPaths, options: LabOptions = {}): Promise<number> {
  const port = options.port ?? (await freePort());
  const token = randomBytes(24).toString('hex');
  const { args, env } = labCommand(paths, port, token, process.getuid?.() === 0);

  let running = true;
  const exited = waitAttached(spawn(paths.jupyter, args, { stdio: 'inherit', env })).finally(() => (running = false));
  const base = `http://${HOST}:${port}`;
  if (await waitUntilAnswers(`${base}/api/status`, token, () => running)) {
    options.onReady?.(`${base}/lab?token=${token}`);
  }
  return exited;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `url` every 250 ms until it answers 200 (true) or `alive()` turns false (false). */
async function waitUntilAnswers(url: string, token: string, alive: () => boolean): Promise<boolean> {
  while (alive()) {
    try {
      const response = await fetch(url, { headers: { Authorization: `token ${token}` } });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  return false;
}
