// On a real pseudo-terminal, with the built CLI: `runs start` names the tenant and the account and
// explains the limit before it asks, and a "no" sends nothing; `runs wait` shows the run's status
// and the elapsed time while it waits.
import { beforeEach, expect, test } from '@jest/globals';
import { SEED } from '../emulator/emulator.js';
import { makeTempDir } from '../helpers/run-cli.js';
import { onTerminal as runOnTerminal } from '../helpers/on-terminal.js';
import { fakeJwt } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
const TOKEN = fakeJwt({
  tid: '11111111-2222-3333-4444-555555555555',
  upn: 'sds-admin@contoso.edu',
  scp: 'IndustryData-OutboundFlow.ReadWrite.All IndustryData-Run.Read.All IndustryData-Run.Start',
  exp: 4102444800,
});
let dir: string;
beforeEach(() => {
  dir = makeTempDir();
  emu.runs().scheduleEvery = null;
});
const onTerminal = (args: string[], keys: string) => runOnTerminal({ graphUrl: emu.graphUrl, token: TOKEN, dir }, args, keys, { columns: 120 });

test('runs start asks, naming the tenant, the account and the limit; "n" starts nothing (exit 2), "y" starts one', async () => {
  const no = await onTerminal(['runs', 'start'], 'n\r');
  expect(no.code).toBe(2);
  expect(no.prompted).toContain('tenant 11111111-2222-3333-4444-555555555555, as sds-admin@contoso.edu');
  expect(no.prompted).toContain('5 successful runs per 12 hours');
  expect(no.prompted).toContain('skips its next scheduled run when that one is due within 10 hours');
  expect(no.prompted).toContain('0 runs in the last 12 hours');
  expect(no.prompted).toContain('Start an on-demand run? [y/N]');
  expect(no.output).toContain('cancelled: nothing was sent');
  expect(emu.requestsTo('POST')).toHaveLength(0);

  const yes = await onTerminal(['runs', 'start'], 'y\r');
  expect(yes.code).toBe(0);
  expect(emu.runs().startedOnDemand()).toHaveLength(1);
});

test('runs wait shows the covering run going and the time waited, then its end', async () => {
  // A change now, and a run that starts a moment later and lasts about 2 s: the first poll finds it going.
  const update = await onTerminal(['update', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--student-age-group', 'adult', '--no-verify'], '');
  expect(update.code).toBe(0);
  emu.runs().schedule({ startAt: new Date(Date.now() + 200), durationMs: 2_000 });
  await new Promise((resolve) => setTimeout(resolve, 400));
  const wait = await onTerminal(['runs', 'wait', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId], '');
  expect(wait.code).toBe(0);
  // (Booleans, not the output: a spinner's frames would flood a failure report.)
  expect(/is running \(started [^)]*\) — [1-9]\d*s elapsed/.test(wait.output)).toBe(true);
  expect(wait.output.includes('the change reached SDS')).toBe(true);
});
