import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { clearStalePid, clusterPassword, liveServer, socketDirectoryFor } from './embedded-postgres';

describe('embedded PostgreSQL', () => {
  it('refuses to clear the pid file of a live server and clears a stale one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-pid-'));
    try {
      writeFileSync(join(dir, 'postmaster.pid'), `${process.pid}\n`);
      expect(() => clearStalePid(dir)).toThrow(/already running/);
      writeFileSync(join(dir, 'postmaster.pid'), '999999999\n');
      clearStalePid(dir);
      expect(existsSync(join(dir, 'postmaster.pid'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('embedded PostgreSQL password', () => {
  it('is random per cluster, kept beside it for the owner only, and read back on restart', () => {
    const root = mkdtempSync(join(tmpdir(), 'cl-pw-'));
    try {
      const dataDir = join(root, 'postgres');
      const first = clusterPassword(dataDir, true);
      const file = join(root, 'postgres.password');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(first).not.toBe('childlink-embedded');
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(clusterPassword(dataDir, false)).toBe(first);
      expect(clusterPassword(join(root, 'other'), true)).not.toBe(first);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('falls back to the legacy password for a cluster made before password files', () => {
    const root = mkdtempSync(join(tmpdir(), 'cl-pw-'));
    try {
      expect(clusterPassword(join(root, 'postgres'), false)).toBe('childlink-embedded');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('attaching to a running embedded server', () => {
  it('reads the port and socket directory of a live server from postmaster.pid and ignores a dead one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-live-'));
    try {
      expect(liveServer(dir)).toBeUndefined();
      writeFileSync(join(dir, 'postmaster.pid'), `${process.pid}\n${dir}\n1700000000\n45678\n\n127.0.0.1\n`);
      expect(liveServer(dir)).toEqual({ port: 45678, socketDir: undefined });
      writeFileSync(join(dir, 'postmaster.pid'), `${process.pid}\n${dir}\n1700000000\n45678\n${dir}\n127.0.0.1\n`);
      expect(liveServer(dir)).toEqual({ port: 45678, socketDir: dir });
      writeFileSync(join(dir, 'postmaster.pid'), `999999999\n${dir}\n1700000000\n45678\n`);
      expect(liveServer(dir)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the embedded server's Unix socket", () => {
  it('lives in the data directory when the path fits a socket address, else the server is TCP only', () => {
    expect(socketDirectoryFor('/work/main/.data/postgres', 5432)).toBe('/work/main/.data/postgres');
    expect(socketDirectoryFor(`/srv/${'x'.repeat(90)}/postgres`, 5432)).toBeUndefined();
    expect(socketDirectoryFor('/home/a user/postgres', 5432)).toBeUndefined();
    expect(socketDirectoryFor('/srv/a,b/postgres', 5432)).toBeUndefined();
  });
});
