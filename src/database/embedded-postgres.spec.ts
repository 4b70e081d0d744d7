import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { clearStalePid, clusterPassword, liveServerPort } from './embedded-postgres';

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
  it('reads the port of a live server from postmaster.pid and ignores a dead one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-live-'));
    try {
      expect(liveServerPort(dir)).toBeUndefined();
      writeFileSync(join(dir, 'postmaster.pid'), `${process.pid}\n${dir}\n1700000000\n45678\n\n127.0.0.1\n`);
      expect(liveServerPort(dir)).toBe(45678);
      writeFileSync(join(dir, 'postmaster.pid'), `999999999\n${dir}\n1700000000\n45678\n`);
      expect(liveServerPort(dir)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
