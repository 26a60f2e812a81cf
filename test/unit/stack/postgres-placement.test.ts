import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkoutPostgresFolder, postgresPlacement } from '../../../kernel-helpers/src/stack/postgres';

const isRoot = process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status === 0;
const made: string[] = [];
const saved = process.env.STREAMLAB_PG_SYSTEM_DIR;
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.STREAMLAB_PG_SYSTEM_DIR;
  else process.env.STREAMLAB_PG_SYSTEM_DIR = saved;
});

/** A fake PostgreSQL installation (bin/, lib/, share/) under `parent`. */
function fakeInstall(parent: string): string {
  for (const dir of ['bin', 'lib', 'share']) mkdirSync(join(parent, 'pg', dir), { recursive: true });
  for (const tool of ['postgres', 'initdb']) writeFileSync(join(parent, 'pg', 'bin', tool), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(parent, 'pg', 'lib', 'libpq.so.5'), '');
  return join(parent, 'pg', 'bin');
}

function dir(mode: number): string {
  const path = mkdtempSync(join(tmpdir(), 'streamlab-placement-'));
  chmodSync(path, mode);
  made.push(path);
  return path;
}

describe.skipIf(!isRoot)('where root keeps PostgreSQL', () => {
  it('leaves binaries and data in the checkout when the postgres user can reach it', () => {
    const open = dir(0o755);
    const bin = fakeInstall(open);
    process.env.STREAMLAB_PG_SYSTEM_DIR = join(dir(0o755), 'system');
    expect(postgresPlacement(bin, join(open, '.streamlab'))).toEqual({ bin, dataDir: join(open, '.streamlab', 'postgres', 'data') });
    expect(existsSync(process.env.STREAMLAB_PG_SYSTEM_DIR)).toBe(false);
  });

  it('inside a 0700 folder: copies the installation once and keeps the data in a per-checkout folder the postgres user owns', () => {
    const closed = dir(0o700);
    const bin = fakeInstall(closed);
    const home = join(closed, 'repo', '.streamlab');
    process.env.STREAMLAB_PG_SYSTEM_DIR = join(dir(0o755), 'system');
    const folder = checkoutPostgresFolder(home);
    expect(folder.startsWith(process.env.STREAMLAB_PG_SYSTEM_DIR)).toBe(true);
    const placement = postgresPlacement(bin, home);
    expect(placement).toEqual({ bin: join(folder, 'install', 'bin'), dataDir: join(folder, 'data') });
    expect(existsSync(join(folder, 'install', 'lib', 'libpq.so.5'))).toBe(true);
    expect(statSync(folder).uid).toBe(Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout));
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(spawnSync('test', ['-x', join(placement.bin, 'postgres')], { uid: statSync(folder).uid, gid: statSync(folder).gid }).status).toBe(0);
    // A second start reuses the copy; another checkout gets another folder.
    expect(postgresPlacement(bin, home)).toEqual(placement);
    expect(checkoutPostgresFolder(join(closed, 'other', '.streamlab'))).not.toBe(folder);
  });
});
