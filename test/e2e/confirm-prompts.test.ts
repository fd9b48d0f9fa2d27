// End-to-end: the confirmation prompt of the destructive commands on a real terminal (a pty made
// by `script`): what it shows before asking, and every way of answering it.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SEED } from '../emulator/emulator.js';
import { makeTempDir } from '../helpers/run-cli.js';
import { onTerminal as runOnTerminal } from '../helpers/on-terminal.js';
import { ADMIN_UPN, expectNoSecrets, TENANT_ID, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
let dir: string;
beforeEach(async () => {
  dir = makeTempDir();
});

const FLOW = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
const backupsDir = (): string => path.join(dir, 'state', 'backups');
const backups = (): string[] => (existsSync(backupsDir()) ? readdirSync(backupsDir()) : []);
/** Graph writes the emulator received. */
const writes = (): number => emu.requests.filter((r) => r.method !== 'GET').length;
const onTerminal = (args: string[], keys: string) => runOnTerminal({ graphUrl: emu.graphUrl, token: USER_TOKEN, dir }, args, keys);

/** What every prompt must show before asking: tenant, account, the set's name and id, the flow's type and id. */
function expectTarget(prompted: string, flow = true): void {
  expect(prompted).toContain(TENANT_ID);
  expect(prompted).toContain(ADMIN_UPN);
  expect(prompted).toContain(SEED.setDisplayName);
  expect(prompted).toContain(SEED.setId);
  if (flow) {
    expect(prompted).toContain('user provisioning flow');
    expect(prompted).toContain(SEED.userFlowId);
  }
}

describe('delete on a terminal', () => {
  test('"y": the prompt names the target, then the backup and the DELETE', async () => {
    const result = await onTerminal(['delete', ...FLOW], 'y\r');
    expect(result.code).toBe(0);
    expectTarget(result.prompted);
    expect(result.prompted).toContain(`Delete the user provisioning flow ${SEED.userFlowId} in set ${SEED.setId}?`);
    expect(emu.requestsTo('DELETE')).toHaveLength(1);
    expect(emu.flow(SEED.setId, SEED.userFlowId)).toBeUndefined();
    expect(backups()).toHaveLength(1);
    expectNoSecrets({ code: result.code, signal: null, stdout: result.output, stderr: '' });
  });

  test.each([
    ['"n"', 'n\r'],
    ['an empty answer', '\r'],
    ['Ctrl-D (end of input)', '\x04'],
  ])('%s: exit 2, "cancelled: nothing was sent", nothing sent, no backup', async (_name, keys) => {
    const result = await onTerminal(['delete', ...FLOW], keys);
    expect(result.code).toBe(2);
    expectTarget(result.prompted);
    expect(result.output).toContain('cancelled: nothing was sent');
    expect(result.output).not.toContain('internal error');
    expect(result.output).not.toMatch(/this is a bug/i);
    expect(writes()).toBe(0);
    expect(emu.flow(SEED.setId, SEED.userFlowId)).toBeDefined();
    expect(backups()).toHaveLength(0);
  });

  test('Ctrl-C at the prompt: exit 130, nothing sent, no backup', async () => {
    const result = await onTerminal(['delete', ...FLOW], '\x03');
    expect(result.code).toBe(130);
    expect(result.output).toContain('interrupted by SIGINT');
    expect(result.output).not.toContain('internal error');
    expect(writes()).toBe(0);
    expect(backups()).toHaveLength(0);
  });
});

describe('reset on a terminal', () => {
  test('"yes": one POST …/reset after the prompt named the target', async () => {
    const result = await onTerminal(['reset', ...FLOW], 'yes\r');
    expect(result.code).toBe(0);
    expectTarget(result.prompted);
    expect(result.prompted).toContain(`Reset the user provisioning flow ${SEED.userFlowId}?`);
    expect(emu.resets).toEqual([`${SEED.setId}/${SEED.userFlowId}`]);
  });

  test('Ctrl-C: exit 130; Ctrl-D: exit 2; nothing reset either way', async () => {
    const interrupted = await onTerminal(['reset', ...FLOW], '\x03');
    expect(interrupted.code).toBe(130);
    const ended = await onTerminal(['reset', ...FLOW], '\x04');
    expect(ended.code).toBe(2);
    expect(ended.output).toContain('cancelled: nothing was sent');
    for (const result of [interrupted, ended]) expect(result.output).not.toContain('internal error');
    expect(writes()).toBe(0);
    expect(emu.resets).toHaveLength(0);
    expect(backups()).toHaveLength(0);
  });
});

describe('sets delete on a terminal', () => {
  test('Ctrl-D: exit 2; Ctrl-C: exit 130; "n": exit 2; the set is never deleted', async () => {
    const args = ['sets', 'delete', '--set-id', SEED.setId];
    const ended = await onTerminal(args, '\x04');
    expect(ended.code).toBe(2);
    expect(ended.prompted).toContain(SEED.setDisplayName);
    expect(ended.output).toContain('cancelled: nothing was sent');
    const interrupted = await onTerminal(args, '\x03');
    expect(interrupted.code).toBe(130);
    const declined = await onTerminal(args, 'n\r');
    expect(declined.code).toBe(2);
    for (const result of [ended, interrupted, declined]) expect(result.output).not.toContain('internal error');
    expect(writes()).toBe(0);
    expect(emu.flowSet(SEED.setId)).toBeDefined();
  });
});
