// Broken machines: a full disk, a read-only file system, a folder that is not a folder, and folders
// that are not edu-flow's. Each failure names the path and the OS reason with exit 9 (never "this is
// a bug"), nothing is half-written, and an existing folder's mode is never changed. The full and
// read-only disks are real (a small tmpfs and a read-only bind mount) where this machine lets the
// test mount them; where it does not, a real ENOTDIR stands in and the mapping of every OS reason
// is checked on its own below.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED } from '../emulator/emulator.js';
import { fromFileSystemError } from '../../src/errors.js';
import { makeTempDir, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});

const UPDATE = ['update', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--student-age-group', 'adult'];
const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  runMain(args, { env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: path.join(dir, 'state'), ...env } });
const mode = (p: string): string => (statSync(p).mode & 0o7777).toString(8).padStart(4, '0');

function expectLocalFailure(result: CliResult, pathShown: string, reason: RegExp): void {
  expect(result.code).toBe(9);
  expect(result.stderr).toContain(pathShown);
  expect(result.stderr).toMatch(reason);
  expect(result.stderr).toContain('hint:');
  expect(result.stderr).not.toMatch(/internal error|this is a bug/i);
}

/** Mounts for the test, when this machine allows them (root, and a kernel that lets it). */
const mounts: string[] = [];
function tryMount(args: string[]): boolean {
  // EDU_FLOW_TEST_NO_MOUNTS=1 runs the stand-ins, as on a machine without mounts.
  if (process.env.EDU_FLOW_TEST_NO_MOUNTS === '1') return false;
  try {
    execFileSync('mount', args, { stdio: 'ignore' });
    if (!mounts.includes(args[args.length - 1])) mounts.push(args[args.length - 1]);
    return true;
  } catch {
    return false;
  }
}
afterAll(() => {
  for (const target of mounts.reverse()) {
    try {
      execFileSync('umount', ['-l', target], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
});

describe('a full disk', () => {
  let full: string | undefined;
  beforeAll(() => {
    const target = makeTempDir('edu-flow-full-');
    if (!tryMount(['-t', 'tmpfs', '-o', 'size=16k,mode=0700', 'tmpfs', target])) return;
    // Fill it to the last block.
    try {
      writeFileSync(path.join(target, 'filler'), Buffer.alloc(64 * 1024));
    } catch {
      // ENOSPC: full, as wanted.
    }
    full = target;
  });

  test('the backup cannot be written: exit 9 naming the backup path and ENOSPC; no PATCH, no temp file left', async () => {
    if (full !== undefined) {
      const result = await cli([...UPDATE, '--backup-dir', full]);
      expectLocalFailure(result, full, /no space left on the device \(ENOSPC/);
      expect(readdirSync(full).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } else {
      // No mounts here: the same path with a real ENOTDIR (the backup folder's parent is a file).
      const file = path.join(dir, 'not-a-folder');
      writeFileSync(file, 'x');
      const result = await cli([...UPDATE, '--backup-dir', path.join(file, 'backups')]);
      expectLocalFailure(result, path.join(file, 'backups'), /a part of the path is not a folder \(ENOTDIR/);
    }
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });
});

describe('a read-only file system', () => {
  let readOnly: string | undefined;
  beforeAll(() => {
    const source = makeTempDir('edu-flow-ro-src-');
    writeFileSync(path.join(source, 'config.json'), `${JSON.stringify({ profiles: { default: { tenant: 'contoso.edu' } } }, null, 2)}\n`, { mode: 0o600 });
    const target = makeTempDir('edu-flow-ro-');
    if (!tryMount(['--bind', source, target])) return;
    if (!tryMount(['-o', 'remount,bind,ro', target])) return;
    readOnly = target;
  });

  test('config set on it: exit 9 naming the config file and EROFS; the file is byte-identical', async () => {
    if (readOnly !== undefined) {
      const before = readFileSync(path.join(readOnly, 'config.json'));
      const result = await cli(['config', 'set', 'tenant', 'north.example.edu'], { EDU_FLOW_CONFIG_DIR: readOnly });
      expectLocalFailure(result, path.join(readOnly, 'config.json'), /the file system is read-only \(EROFS/);
      expect(readFileSync(path.join(readOnly, 'config.json'))).toEqual(before);
    } else {
      const file = path.join(dir, 'config-is-a-file');
      writeFileSync(file, 'x');
      const result = await cli(['config', 'set', 'tenant', 'north.example.edu'], { EDU_FLOW_CONFIG_DIR: path.join(file, 'edu-flow') });
      expectLocalFailure(result, path.join(file, 'edu-flow'), /ENOTDIR/);
      expect(readFileSync(file, 'utf8')).toBe('x');
    }
  });
});

describe("folders that are not edu-flow's", () => {
  test('a team share others can write to (2775) is refused for backups, and keeps its mode; nothing is sent', async () => {
    const share = path.join(dir, 'share');
    mkdirSync(share);
    chmodSync(share, 0o2775);
    const result = await cli([...UPDATE, '--backup-dir', share]);
    expectLocalFailure(result, share, /can be written by other users \(mode 2775\)/);
    expect(result.stderr).toContain(`chmod go-w ${share}`);
    expect(mode(share)).toBe('2775');
    expect(readdirSync(share)).toEqual([]);
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });

  test('a world-writable config folder is refused too (config set writes nothing there)', async () => {
    const config = path.join(dir, 'shared-config');
    mkdirSync(config);
    chmodSync(config, 0o777);
    const result = await cli(['config', 'set', 'tenant', 'north.example.edu'], { EDU_FLOW_CONFIG_DIR: config });
    expectLocalFailure(result, config, /can be written by other users \(mode 0777\)/);
    expect(mode(config)).toBe('0777');
    expect(existsSync(path.join(config, 'config.json'))).toBe(false);
  });

  test('a folder others may only read (0755) is used as it is: its mode stays, the backup inside is 0600', async () => {
    const folder = path.join(dir, 'readable');
    mkdirSync(folder);
    chmodSync(folder, 0o755);
    const result = await cli([...UPDATE, '--backup-dir', folder]);
    expect(result.code).toBe(0);
    expect(mode(folder)).toBe('0755');
    const [backup] = readdirSync(folder);
    expect(mode(path.join(folder, backup))).toBe('0600');
  });

  test('through a symbolic link: the folder it points to keeps its mode', async () => {
    const real = path.join(dir, 'real');
    mkdirSync(real);
    chmodSync(real, 0o750);
    const link = path.join(dir, 'link');
    symlinkSync(real, link);
    const result = await cli([...UPDATE, '--backup-dir', link]);
    expect(result.code).toBe(0);
    expect(mode(real)).toBe('0750');
    expect(readdirSync(real)).toHaveLength(1);
  });

  test('a folder edu-flow creates is owner-only (0700), parents included', async () => {
    const nested = path.join(dir, 'new', 'backups');
    const result = await cli([...UPDATE, '--backup-dir', nested]);
    expect(result.code).toBe(0);
    expect(mode(nested)).toBe('0700');
    expect(mode(path.dirname(nested))).toBe('0700');
  });
});

describe('every OS reason has words and exit 9', () => {
  const failure = (code: string, syscall: string, at = '/srv/edu-flow/state/backups/b.json'): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: failed, ${syscall} '${at}'`), { code, syscall, path: at });

  test.each([
    ['EACCES', 'open', /^cannot open \/srv\/edu-flow\/state\/backups\/b.json: permission denied \(EACCES, open\)$/],
    ['EPERM', 'rename', /^cannot write .*: operation not permitted \(EPERM, rename\)$/],
    ['ENOSPC', 'write', /^cannot write .*: no space left on the device \(ENOSPC, write\)$/],
    ['EROFS', 'mkdir', /^cannot write .*: the file system is read-only \(EROFS, mkdir\)$/],
    ['EDQUOT', 'write', /disk quota exceeded \(EDQUOT, write\)$/],
    ['EIO', 'read', /^cannot read .*: an input\/output error of the device \(EIO, read\)$/],
    ['EXDEV', 'rename', /the operating system refused \(EXDEV, rename\)$/],
  ])('%s (%s)', (code, syscall, message) => {
    const error = fromFileSystemError(failure(code, syscall));
    expect(error?.exitCode).toBe(9);
    expect(error?.message).toMatch(message);
    expect(error?.hint).toContain('nothing was half-written');
  });

  test('anything else is not a file-system failure (a bug stays a bug)', () => {
    expect(fromFileSystemError(new TypeError('x is undefined'))).toBeUndefined();
    expect(fromFileSystemError(Object.assign(new Error('no path'), { code: 'ECONNRESET', syscall: 'read' }))).toBeUndefined();
    expect(fromFileSystemError('a string')).toBeUndefined();
  });
});
