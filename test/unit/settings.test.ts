import { parseCount, parseSeconds } from '../../src/commands/number-flags.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { UsageError } from '../../src/errors.js';
import { DEFAULT_AUTHORITY_HOST, DEFAULT_CLIENT_ID, DEFAULT_GRAPH_URL, DEFAULT_TENANT } from '../../src/config/defaults.js';
import { envFlag } from '../../src/config/env-flag.js';
import { configDir, stateDir } from '../../src/config/folders.js';
import { resolveOutput } from '../../src/config/output.js';
import { pick } from '../../src/config/precedence.js';
import { checkAuthorityHost, checkGraphUrl } from '../../src/config/urls.js';
import { usage } from '../helpers/expect-error.js';

describe('defaults', () => {
  test('values', () => {
    expect(DEFAULT_GRAPH_URL).toBe('https://graph.microsoft.com/beta');
    expect(DEFAULT_AUTHORITY_HOST).toBe('https://login.microsoftonline.com');
    expect(DEFAULT_TENANT).toBe('organizations');
    expect(DEFAULT_CLIENT_ID).toBe('14d82eec-204b-4c2f-b7e8-296a70dab67e');
  });

  test('the defaults pass their own checks unchanged', () => {
    expect(checkGraphUrl(DEFAULT_GRAPH_URL, '--graph-url')).toBe(DEFAULT_GRAPH_URL);
    expect(checkAuthorityHost(DEFAULT_AUTHORITY_HOST, '--authority-host')).toBe(DEFAULT_AUTHORITY_HOST);
  });
});

describe('checkGraphUrl', () => {
  test.each([
    ['https://graph.microsoft.com/beta', 'https://graph.microsoft.com/beta'],
    ['https://graph.microsoft.com/beta/', 'https://graph.microsoft.com/beta'],
    ['https://graph.microsoft.com/beta///', 'https://graph.microsoft.com/beta'],
    ['https://graph.microsoft.com', 'https://graph.microsoft.com'],
    ['HTTPS://Graph.Microsoft.com/beta', 'https://graph.microsoft.com/beta'],
    ['https://graph.microsoft.us:443/beta', 'https://graph.microsoft.us/beta'],
    ['https://10.0.0.5:8443/beta', 'https://10.0.0.5:8443/beta'],
  ])('%s → %s', (raw, expected) => {
    expect(checkGraphUrl(raw, '--graph-url')).toBe(expected);
  });

  test.each([
    ['http://127.0.0.1:8080/beta', 'http://127.0.0.1:8080/beta'],
    ['http://[::1]:8080/beta/', 'http://[::1]:8080/beta'],
    ['http://localhost:3000/beta', 'http://localhost:3000/beta'],
    ['http://LOCALHOST/beta', 'http://localhost/beta'],
  ])('http on loopback %s is accepted', (raw, expected) => {
    expect(checkGraphUrl(raw, 'EDU_FLOW_GRAPH_URL')).toBe(expected);
  });

  test.each([
    'http://graph.microsoft.com/beta',
    'http://10.0.0.1/beta',
    'http://127.0.0.2/beta',
    'http://localhost.evil.example/beta',
    'http://localhost@evil.example/beta',
    'ftp://graph.microsoft.com/beta',
    'file:///etc/passwd',
    'ws://localhost/beta',
  ])('%s → exit 2 naming the setting, with the default as hint', (raw) => {
    const error = usage(() => checkGraphUrl(raw, 'EDU_FLOW_GRAPH_URL'));
    expect(error.message).toMatch(/^EDU_FLOW_GRAPH_URL must be an https:\/\/ URL \(http:\/\/ only for 127\.0\.0\.1, \[::1\] or localhost\)/);
    expect(error.hint).toContain(DEFAULT_GRAPH_URL);
  });

  test.each(['graph.microsoft.com/beta', 'not a url', '', 'https://', '://x'])('garbage %j → exit 2, "is not a URL"', (raw) => {
    expect(usage(() => checkGraphUrl(raw, '--graph-url')).message).toBe(`--graph-url is not a URL: ${JSON.stringify(raw)}`);
  });

  test.each([
    ['credentials', 'https://user:pass@graph.microsoft.com/beta'],
    ['a user name', 'https://user@graph.microsoft.com/beta'],
    ['a query', 'https://graph.microsoft.com/beta?x=1'],
    ['a fragment', 'https://graph.microsoft.com/beta#top'],
    ['a loopback query', 'http://127.0.0.1:8080/beta?a=b'],
  ])('%s → exit 2', (_what, raw) => {
    expect(usage(() => checkGraphUrl(raw, '--graph-url')).message).toContain('must not carry credentials, a query or a fragment');
  });

  test.each([
    ['an empty query', 'https://graph.microsoft.com/beta?'],
    ['an empty fragment', 'https://graph.microsoft.com/beta#'],
  ])('%s is refused too, or at least not kept in the base URL', (_what, raw) => {
    // Paths are appended to the base URL: "…/beta?/external/…" or "…/beta#/external/…" would
    // send every request to /beta itself.
    let result: string | undefined;
    try {
      result = checkGraphUrl(raw, '--graph-url');
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return;
    }
    expect(result).toBe('https://graph.microsoft.com/beta');
  });

  test('a refused URL does not echo the password it carries', () => {
    const a = usage(() => checkGraphUrl('https://admin:S3cret-Pa55@graph.microsoft.com/beta', '--graph-url'));
    expect(a.message).not.toContain('S3cret-Pa55');
    const b = usage(() => checkGraphUrl('http://admin:S3cret-Pa55@proxy.example/beta', '--graph-url'));
    expect(b.message).not.toContain('S3cret-Pa55');
  });
});

describe('checkAuthorityHost', () => {
  test.each([
    ['https://login.microsoftonline.com', 'https://login.microsoftonline.com'],
    ['https://login.microsoftonline.com/', 'https://login.microsoftonline.com'],
    ['https://localhost:8443', 'https://localhost:8443'],
    ['https://127.0.0.1:8443/', 'https://127.0.0.1:8443'],
  ])('%s → %s', (raw, expected) => {
    expect(checkAuthorityHost(raw, '--authority-host')).toBe(expected);
  });

  test.each(['http://login.microsoftonline.com', 'http://localhost:8443', 'http://127.0.0.1:8443', 'http://[::1]:8443', 'ftp://login.microsoftonline.com'])(
    '%s → exit 2: https only, even on loopback',
    (raw) => {
      const error = usage(() => checkAuthorityHost(raw, 'EDU_FLOW_AUTHORITY_HOST'));
      expect(error.message).toBe(`EDU_FLOW_AUTHORITY_HOST must be an https:// URL: ${raw}`);
      expect(error.hint).toContain(DEFAULT_AUTHORITY_HOST);
    },
  );

  test('garbage → exit 2', () => {
    expect(usage(() => checkAuthorityHost('login', '--authority-host')).message).toContain('is not a URL');
  });

  test('credentials, query or fragment → exit 2', () => {
    for (const raw of ['https://u:p@login.microsoftonline.com', 'https://login.microsoftonline.com?x', 'https://login.microsoftonline.com#f']) {
      expect(usage(() => checkAuthorityHost(raw, '--authority-host')).message).toContain('must not carry credentials');
    }
  });
});

describe('pick: flag > environment > default', () => {
  const env = { EDU_FLOW_TENANT: 'contoso.onmicrosoft.com', EMPTY: '' };

  test('the flag wins over the environment', () => {
    expect(pick('fabrikam.edu', env, 'EDU_FLOW_TENANT', 'organizations')).toEqual({ value: 'fabrikam.edu', source: 'flag', envName: 'EDU_FLOW_TENANT' });
  });

  test('the environment wins over the default', () => {
    expect(pick(undefined, env, 'EDU_FLOW_TENANT', 'organizations')).toEqual({ value: 'contoso.onmicrosoft.com', source: 'env', envName: 'EDU_FLOW_TENANT' });
  });

  test('the default when neither is given', () => {
    expect(pick(undefined, {}, 'EDU_FLOW_TENANT', 'organizations')).toEqual({ value: 'organizations', source: 'default', envName: 'EDU_FLOW_TENANT' });
  });

  test('an empty environment value is ignored', () => {
    expect(pick(undefined, env, 'EMPTY', 'organizations')).toEqual({ value: 'organizations', source: 'default', envName: 'EMPTY' });
  });
});

describe('resolveOutput', () => {
  test('default: text on a TTY, json in a pipe; not explicit', () => {
    expect(resolveOutput(undefined, {}, true)).toEqual({ format: 'text', explicit: false });
    expect(resolveOutput(undefined, {}, false)).toEqual({ format: 'json', explicit: false });
  });

  test('an explicit flag wins, whatever stdout is', () => {
    expect(resolveOutput('json', {}, true)).toEqual({ format: 'json', explicit: true });
    expect(resolveOutput('text', {}, false)).toEqual({ format: 'text', explicit: true });
    expect(resolveOutput('text', { EDU_FLOW_OUTPUT: 'json' }, false)).toEqual({ format: 'text', explicit: true });
  });

  test('EDU_FLOW_OUTPUT is explicit too', () => {
    expect(resolveOutput(undefined, { EDU_FLOW_OUTPUT: 'json' }, true)).toEqual({ format: 'json', explicit: true });
    expect(resolveOutput(undefined, { EDU_FLOW_OUTPUT: 'text' }, false)).toEqual({ format: 'text', explicit: true });
  });

  test('case-insensitive', () => {
    expect(resolveOutput('JSON', {}, true).format).toBe('json');
    expect(resolveOutput(undefined, { EDU_FLOW_OUTPUT: 'Text' }, false).format).toBe('text');
  });

  test('an empty EDU_FLOW_OUTPUT is ignored', () => {
    expect(resolveOutput(undefined, { EDU_FLOW_OUTPUT: '' }, true)).toEqual({ format: 'text', explicit: false });
  });

  test.each([
    ['yaml', {}],
    ['', {}],
    [undefined, { EDU_FLOW_OUTPUT: 'table' }],
  ])('bad value %j → exit 2', (flag, env) => {
    const error = usage(() => resolveOutput(flag, env, true));
    expect(error.message).toMatch(/^--output must be json or text, not "/);
  });
});

describe('configDir and stateDir', () => {
  test('EDU_FLOW_* wins over everything', () => {
    const env = { EDU_FLOW_CONFIG_DIR: '/c', EDU_FLOW_STATE_DIR: '/s', XDG_CONFIG_HOME: '/x', XDG_STATE_HOME: '/y', HOME: '/h', APPDATA: 'C:\\AppData' };
    expect(configDir(env, 'linux')).toBe('/c');
    expect(stateDir(env, 'linux')).toBe('/s');
    expect(configDir(env, 'win32')).toBe('/c');
    expect(stateDir(env, 'win32')).toBe('/s');
  });

  test('XDG_* next', () => {
    const env = { XDG_CONFIG_HOME: '/x', XDG_STATE_HOME: '/y', HOME: '/h' };
    expect(configDir(env, 'linux')).toBe(join('/x', 'edu-flow'));
    expect(stateDir(env, 'darwin')).toBe(join('/y', 'edu-flow'));
  });

  test('HOME fallback: ~/.config/edu-flow and ~/.local/state/edu-flow', () => {
    expect(configDir({ HOME: '/home/ann' }, 'linux')).toBe(join('/home/ann', '.config', 'edu-flow'));
    expect(stateDir({ HOME: '/home/ann' }, 'linux')).toBe(join('/home/ann', '.local', 'state', 'edu-flow'));
  });

  test('empty variables are ignored', () => {
    const env = { EDU_FLOW_CONFIG_DIR: '', EDU_FLOW_STATE_DIR: '', XDG_CONFIG_HOME: '', XDG_STATE_HOME: '', HOME: '/h' };
    expect(configDir(env, 'linux')).toBe(join('/h', '.config', 'edu-flow'));
    expect(stateDir(env, 'linux')).toBe(join('/h', '.local', 'state', 'edu-flow'));
  });

  test('an empty HOME is ignored too: the folder is never relative to the working directory', () => {
    expect(configDir({ HOME: '' }, 'linux')).toBe(join(homedir(), '.config', 'edu-flow'));
    expect(stateDir({ HOME: '' }, 'linux')).toBe(join(homedir(), '.local', 'state', 'edu-flow'));
  });

  test('no HOME at all: the OS home folder', () => {
    expect(configDir({}, 'linux')).toBe(join(homedir(), '.config', 'edu-flow'));
    expect(stateDir({}, 'linux')).toBe(join(homedir(), '.local', 'state', 'edu-flow'));
  });

  test('win32: under %APPDATA%\\edu-flow, before XDG', () => {
    const env = { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming', XDG_CONFIG_HOME: '/x', XDG_STATE_HOME: '/y', HOME: '/h' };
    expect(configDir(env, 'win32')).toBe(join(env.APPDATA, 'edu-flow'));
    expect(stateDir(env, 'win32')).toBe(join(env.APPDATA, 'edu-flow', 'state'));
  });

  test('APPDATA is ignored off Windows', () => {
    const env = { APPDATA: 'C:\\AppData', HOME: '/h' };
    expect(configDir(env, 'linux')).toBe(join('/h', '.config', 'edu-flow'));
    expect(stateDir(env, 'darwin')).toBe(join('/h', '.local', 'state', 'edu-flow'));
  });

  test('win32 without APPDATA falls back like POSIX', () => {
    expect(configDir({ HOME: '/h' }, 'win32')).toBe(join('/h', '.config', 'edu-flow'));
  });
});

describe('envFlag', () => {
  test.each(['1', 'true', 'TRUE', 'yes', 'on', 'On'])('%j is on', (value) => {
    expect(envFlag({ EDU_FLOW_STRICT: value }, 'EDU_FLOW_STRICT')).toBe(true);
  });
  test.each(['0', 'false', 'no', '', ' 1', '2'])('%j is off', (value) => {
    expect(envFlag({ EDU_FLOW_STRICT: value }, 'EDU_FLOW_STRICT')).toBe(false);
  });
  test('unset is off', () => {
    expect(envFlag({}, 'EDU_FLOW_STRICT')).toBe(false);
  });
});

describe('parseSeconds', () => {
  test.each([
    ['30', 30],
    ['1.5', 1.5],
    ['0', 0],
    ['0.25', 0.25],
    ['86400', 86_400],
  ])('%j → %d', (raw, value) => {
    expect(parseSeconds(raw, '--timeout')).toBe(value);
  });

  test.each(['', ' ', 'abc', '-1', '86401', 'Infinity', 'NaN', '5s'])('%j → exit 2', (raw) => {
    const error = usage(() => parseSeconds(raw, '--timeout'));
    expect(error.message).toBe(`--timeout takes a number of seconds from 0 to 86400, not ${JSON.stringify(raw)}`);
  });

  test('custom bounds', () => {
    expect(parseSeconds('1', '--max-wait', { min: 1, max: 600 })).toBe(1);
    expect(usage(() => parseSeconds('0.5', '--max-wait', { min: 1, max: 600 })).message).toContain('from 1 to 600');
    expect(usage(() => parseSeconds('601', '--max-wait', { min: 1, max: 600 })).message).toContain('--max-wait');
  });
});

describe('parseCount', () => {
  test.each([
    ['0', 0],
    ['3', 3],
    ['10', 10],
  ])('%j → %d', (raw, value) => {
    expect(parseCount(raw, '--retries')).toBe(value);
  });

  test.each(['', '-1', '11', '1.5', 'three', '1e1', '0x3'])('%j → exit 2', (raw) => {
    const error = usage(() => parseCount(raw, '--retries'));
    expect(error.message).toBe(`--retries takes a whole number from 0 to 10, not ${JSON.stringify(raw)}`);
  });

  test('custom bounds', () => {
    expect(parseCount('20', '--n', { min: 1, max: 20 })).toBe(20);
    expect(usage(() => parseCount('0', '--n', { min: 1, max: 20 })).message).toContain('from 1 to 20');
  });
});
