// Unit: how plan and apply reports read — text for people, Markdown for a pull request — and the
// exit code a run ends with. Reports are built by hand, one per outcome and action.
import { describe, expect, test } from '@jest/globals';
import { Chalk } from 'chalk';
import { ExitCode } from '../../src/errors.js';
import { estateExitCode, FLEET_EXIT } from '../../src/estate/exit-code.js';
import type { EstateReport, EstateStep, TenantOutcome, TenantPlan, TenantResult } from '../../src/estate/model.js';
import { fenceFor, renderReportMarkdown } from '../../src/estate/render-markdown.js';
import { renderReportText } from '../../src/estate/render-text.js';
import { MASK } from '../../src/secrets.js';

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });

const createSet: EstateStep = { key: 'set:South', action: 'create', object: 'set', setName: 'South', file: 'sets/south/set.json', changes: [] };
const createFlow: EstateStep = {
  key: 'flow:South/classGroup',
  action: 'create',
  object: 'flow',
  setName: 'South',
  kind: 'classGroup',
  file: 'sets/south/class-group.json',
  changes: [],
};
const updateFlow: EstateStep = {
  key: 'flow:North/user',
  action: 'update',
  object: 'flow',
  setName: 'North',
  setId: 'set-1',
  kind: 'user',
  flowId: 'flow-1',
  file: 'sets/north/user.json',
  changes: [
    { pointer: '/createUnmatchedUsers', before: true, after: false },
    { pointer: '/managementOptions/additionalAttributes', after: 'userNumber' },
  ],
};
const updateSet: EstateStep = {
  key: 'set:North',
  action: 'update',
  object: 'set',
  setName: 'North',
  setId: 'set-1',
  file: 'sets/north/set.json',
  changes: [{ pointer: '/displayName', before: 'north', after: 'North' }],
};
const deleteSet: EstateStep = { key: 'set:Old', action: 'delete', object: 'set', setName: 'Old', setId: 'set-9', changes: [] };
const deleteFlow: EstateStep = {
  key: 'flow:Old/securityGroup',
  action: 'delete',
  object: 'flow',
  setName: 'Old',
  setId: 'set-9',
  kind: 'securityGroup',
  flowId: 'flow-9',
  changes: [],
};

const plan = (steps: EstateStep[], extra: Partial<TenantPlan> = {}): TenantPlan => ({ steps, unmanaged: [], unchanged: 0, writeOnlyPasswords: 0, ...extra });

const tenant = (outcome: TenantOutcome, extra: Partial<TenantResult> = {}): TenantResult => ({
  name: '',
  tenant: null,
  outcome,
  applied: [],
  backups: [],
  ...extra,
});

const report = (command: EstateReport['command'], tenants: TenantResult[], fleet?: string): EstateReport => ({
  command,
  folder: 'sds',
  ...(fleet === undefined ? {} : { fleet }),
  tenants,
});

/** The cells of a Markdown table row, split where GitHub splits them: at each pipe no backslash escapes. */
function cellsOf(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') {
      cell += row.slice(i, i + 2);
      i++;
    } else if (row[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += row[i];
  }
  cells.push(cell.trim());
  return cells.slice(1, -1);
}

/** What a fenced block opened at `open` holds, read as CommonMark does: up to the first line that could close it. */
function fencedContent(lines: string[], open: number): string[] {
  const fence = /^ {0,3}(`{3,})/.exec(lines[open])?.[1] ?? '';
  const end = lines.findIndex((line, i) => i > open && new RegExp(`^ {0,3}\`{${fence.length},}\\s*$`).test(line));
  return lines.slice(open + 1, end < 0 ? undefined : end);
}

const SGR = /\u001b\[[0-9;]*m/g;
const CONTROL_BUT_LINE_BREAK = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('renderReportText: plan', () => {
  test('one unnamed tenant: steps, changes indented under their step, notes and the Plan line; no heading', () => {
    const text = renderReportText(
      report('plan', [
        tenant('changes', {
          plan: plan([createSet, createFlow, updateFlow], {
            unchanged: 5,
            writeOnlyPasswords: 2,
            unmanaged: [
              { object: 'set', setName: 'Old', setId: 'set-9' },
              { object: 'flow', setName: 'Old', setId: 'set-9', kind: 'administrativeUnit', flowId: 'flow-8' },
            ],
          }),
        }),
      ]),
      plain,
    );
    expect(text).toBe(
      [
        '+ create flow set "South"',
        '+ create class group provisioning flow in "South"',
        '~ update user provisioning flow in "North" (id flow-1)',
        '    ~ /createUnmatchedUsers: true → false',
        '    + /managementOptions/additionalAttributes: "userNumber"',
        'note: not in the folder, kept (--prune deletes them): flow set "Old" (id set-9), administrative unit provisioning flow in "Old" (id flow-8)',
        'note: 2 write-only passwords cannot be read back: not compared; sent again with their configuration list',
        'Plan: 2 to create, 1 to change, 0 to delete; 5 unchanged.',
        '',
      ].join('\n'),
    );
  });

  test('deletes appear only when the plan has them (--prune), and then no note of kept objects', () => {
    const pruned = renderReportText(report('plan', [tenant('changes', { plan: plan([updateSet, deleteFlow, deleteSet], { writeOnlyPasswords: 1 }) })]), plain);
    expect(pruned.split('\n')).toEqual([
      '~ update flow set "North" (id set-1)',
      '    ~ /displayName: "north" → "North"',
      '- delete security group provisioning flow in "Old" (id flow-9)',
      '- delete flow set "Old" (id set-9)',
      'note: 1 write-only password cannot be read back: not compared; sent again with its configuration list',
      'Plan: 0 to create, 1 to change, 2 to delete; 0 unchanged.',
      '',
    ]);
    const kept = renderReportText(report('plan', [tenant('changes', { plan: plan([updateSet]) })]), plain);
    expect(kept).not.toContain('- delete');
    expect(kept).not.toContain('note:');
  });

  test('nothing to change says so', () => {
    expect(renderReportText(report('plan', [tenant('unchanged', { plan: plan([], { unchanged: 3 }) })]), plain)).toBe(
      'No changes: the tenant matches the folder.\nPlan: 0 to create, 0 to change, 0 to delete; 3 unchanged.\n',
    );
  });

  test('a named tenant gets a heading and its body is indented', () => {
    const text = renderReportText(report('plan', [tenant('unchanged', { name: 'contoso', tenant: 'contoso.onmicrosoft.com', plan: plan([], { unchanged: 1 }) })]), plain);
    expect(text.split('\n')).toEqual([
      'Tenant "contoso" (contoso.onmicrosoft.com)',
      '  No changes: the tenant matches the folder.',
      '  Plan: 0 to create, 0 to change, 0 to delete; 1 unchanged.',
      '',
    ]);
  });

  test('a fleet: one block per tenant, a failure with its message and hint, and one summary line', () => {
    const text = renderReportText(
      report(
        'plan',
        [
          tenant('unchanged', { name: 'north', tenant: 'north.edu', plan: plan([], { unchanged: 2 }) }),
          tenant('changes', { name: 'south', tenant: 'south.edu', plan: plan([createSet]) }),
          tenant('failed', { name: 'west', tenant: 'west.edu', error: { exitCode: 4, message: 'the credential was refused', hint: 'run `edu-flow login`' } }),
        ],
        'fleet.json',
      ),
      plain,
    );
    expect(text.split('\n')).toEqual([
      'Tenant "north" (north.edu)',
      '  No changes: the tenant matches the folder.',
      '  Plan: 0 to create, 0 to change, 0 to delete; 2 unchanged.',
      '',
      'Tenant "south" (south.edu)',
      '  + create flow set "South"',
      '  Plan: 1 to create, 0 to change, 0 to delete; 0 unchanged.',
      '',
      'Tenant "west" (west.edu)',
      '  ✗ failed: the credential was refused',
      '    hint: run `edu-flow login`',
      '',
      'Fleet: 3 tenants — 1 unchanged, 1 with changes, 1 failed',
      '',
    ]);
  });

  test('an empty fleet says so instead of printing nothing', () => {
    expect(renderReportText(report('plan', [], 'fleet.json'), plain)).toBe('No tenants.\n\nFleet: 0 tenants\n');
  });
});

describe('renderReportText: apply', () => {
  const steps = [createSet, createFlow, updateFlow];

  test('every outcome of apply, with backups, steps not applied, and apply words in the fleet line', () => {
    const text = renderReportText(
      report(
        'apply',
        [
          tenant('applied', { name: 'north', tenant: 'north.edu', plan: plan(steps), applied: steps.map((s) => s.key), backups: ['backups/flow-1.json'] }),
          tenant('failed', {
            name: 'south',
            tenant: 'south.edu',
            plan: plan(steps),
            applied: [createSet.key],
            error: { exitCode: 7, message: 'the flow does not hold what was sent:\n/createUnmatchedUsers differs', hint: 'run plan again' },
          }),
          tenant('done-earlier', { name: 'east', tenant: 'east.edu', applied: [createSet.key] }),
          tenant('skipped', { name: 'west', tenant: 'west.edu' }),
        ],
        'fleet.json',
      ),
      plain,
    );
    expect(text.split('\n')).toEqual([
      'Tenant "north" (north.edu)',
      '  + create flow set "South"',
      '  + create class group provisioning flow in "South"',
      '  ~ update user provisioning flow in "North" (id flow-1)',
      '      ~ /createUnmatchedUsers: true → false',
      '      + /managementOptions/additionalAttributes: "userNumber"',
      '  Plan: 2 to create, 1 to change, 0 to delete; 0 unchanged.',
      '  ✓ applied 3 of 3',
      '  backup: backups/flow-1.json',
      '',
      'Tenant "south" (south.edu)',
      '  + create flow set "South"',
      '  + create class group provisioning flow in "South" (not applied)',
      '  ~ update user provisioning flow in "North" (id flow-1) (not applied)',
      '      ~ /createUnmatchedUsers: true → false',
      '      + /managementOptions/additionalAttributes: "userNumber"',
      '  Plan: 2 to create, 1 to change, 0 to delete; 0 unchanged.',
      '  ✗ failed after applying 1 of 3: the flow does not hold what was sent:',
      '    /createUnmatchedUsers differs',
      '    hint: run plan again',
      '',
      'Tenant "east" (east.edu)',
      '  ✓ done earlier: the interrupted run already finished this tenant',
      '',
      'Tenant "west" (west.edu)',
      '  skipped: not started (an earlier tenant failed, or the run was stopped)',
      '',
      'Fleet: 4 tenants — 1 applied, 1 done earlier, 1 failed, 1 skipped',
      '',
    ]);
  });

  test('one tenant that failed before any step: the error alone, no count of steps', () => {
    const text = renderReportText(report('apply', [tenant('failed', { error: { exitCode: 6, message: 'Graph is unavailable' } })]), plain);
    expect(text).toBe('✗ failed: Graph is unavailable\n');
  });

  test('a failure without a recorded error still reads as a failure', () => {
    expect(renderReportText(report('apply', [tenant('failed')]), plain)).toBe('✗ failed: no error was recorded\n');
  });
});

describe('renderReportText: colour and terminal safety', () => {
  const fleet = report(
    'apply',
    [
      tenant('applied', { name: 'north', tenant: 'north.edu', plan: plan([createSet, updateFlow, deleteSet]), applied: [createSet.key, updateFlow.key, deleteSet.key] }),
      tenant('failed', { name: 'south', tenant: 'south.edu', error: { exitCode: 5, message: 'refused', hint: 'look' } }),
    ],
    'fleet.json',
  );

  test('level 0: not one escape sequence; colour on: the same text, coloured', () => {
    const bare = renderReportText(fleet, plain);
    expect(bare).not.toContain('\u001b');
    const colourful = renderReportText(fleet, coloured);
    expect(colourful).toContain('\u001b[32m+ create flow set "South"\u001b[39m');
    expect(colourful).toContain('\u001b[31m- delete flow set "Old" (id set-9)\u001b[39m');
    expect(colourful.replace(SGR, '')).toBe(bare);
  });

  test('control characters and escape sequences from Graph or a file come out as visible escapes, colour on or off', () => {
    const hostile = report(
      'apply',
      [
        tenant('failed', {
          name: 'evil\u001b]0;pwned\u0007',
          tenant: 'x\u001b[2J.edu',
          plan: plan(
            [
              {
                ...updateFlow,
                setName: 'North\r✓ fake',
                flowId: 'flow\n1',
                changes: [
                  { pointer: '/a\u001b[31mEVIL', before: 'ok', after: 'x\u001b[31mRED\u009b31m' },
                  { pointer: '/b', element: 'role group \r\u0008staff', after: 1 },
                ],
              },
            ],
            { unmanaged: [{ object: 'set', setName: 'Old\u0007', setId: 'id\u001b[5m' }] },
          ),
          backups: ['b\rackup.json'],
          error: { exitCode: 5, message: 'bad \u001b[2Jthing\u009b', hint: 'hint\u0007' },
        }),
      ],
      'fleet.json',
    );
    for (const color of [plain, coloured]) {
      const text = renderReportText(hostile, color);
      // Only the colour sequences chalk added survive; nothing else a terminal would act on.
      expect(CONTROL_BUT_LINE_BREAK.test(text.replace(SGR, ''))).toBe(false);
      for (const raw of ['\u001b]0;pwned', '\u001b[2J', '\u001b[31mEVIL', '\u001b[31mRED', '\u001b[5m', '\u009b', '\r', '\u0007', '\u0008']) expect(text).not.toContain(raw);
      expect(text).toContain('Tenant "evil\\u001b]0;pwned\\u0007" (x\\u001b[2J.edu)');
      expect(text).toContain('in "North\\u000d✓ fake" (id flow\\u000a1)');
      expect(text).toContain('/a\\u001b[31mEVIL: "ok" → "x\\u001b[31mRED\\u009b31m"');
      expect(text).toContain('(role group \\u000d\\u0008staff)');
      expect(text).toContain('flow set "Old\\u0007" (id id\\u001b[5m)');
      expect(text).toContain('bad \\u001b[2Jthing\\u009b');
      expect(text).toContain('backup: b\\u000dackup.json');
    }
  });
});

describe('passwords', () => {
  const secret = 'Welcome-2025!Secret';
  const leaky: EstateStep = {
    ...updateFlow,
    changes: [
      // A change built without compare's masking: the renderers must mask it themselves.
      { pointer: '/creationOptions/configurations/0/passwordSettings/password', before: `old-${secret}`, after: secret },
      { pointer: '/creationOptions/configurations/1/passwordSettings/Password', after: secret, element: 'role group staff' },
      { pointer: '/creationOptions/configurations/2', after: { roleGroup: 'students', passwordSettings: { password: secret } }, element: 'role group students' },
      { pointer: '/creationOptions/configurations/3', before: [{ password: secret }], element: 'role group teachers' },
    ],
  };
  const withSecret = report('plan', [tenant('changes', { plan: plan([leaky]) })]);

  test('text: never a password, whatever pointer or value holds it', () => {
    for (const color of [plain, coloured]) {
      const text = renderReportText(withSecret, color);
      expect(text).not.toContain(secret);
      expect(text).toContain(`/creationOptions/configurations/0/passwordSettings/password: ${MASK} (write-only: always sent)`);
      expect(text).toContain(`"password":"${MASK}"`);
    }
  });

  test('Markdown: never a password either', () => {
    const markdown = renderReportMarkdown(withSecret);
    expect(markdown).not.toContain(secret);
    expect(markdown).toContain(`~     /creationOptions/configurations/1/passwordSettings/Password (role group staff): ${MASK} (write-only: always sent)`);
  });
});

describe('renderReportMarkdown', () => {
  test('a plan: title, folder, a table row per tenant, a folded diff per tenant with steps', () => {
    const markdown = renderReportMarkdown(
      report(
        'plan',
        [
          tenant('unchanged', { name: 'north', tenant: 'north.edu', plan: plan([], { unchanged: 2 }) }),
          tenant('changes', {
            name: 'south',
            tenant: 'south.edu',
            plan: plan([createSet, updateFlow, deleteFlow], { writeOnlyPasswords: 1 }),
          }),
          tenant('failed', { name: 'west', tenant: null, error: { exitCode: 4, message: 'refused\nsecond line', hint: 'run login' } }),
        ],
        'fleet.json',
      ),
    );
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('## edu-flow plan');
    expect(markdown).toContain('Folder: sds, fleet: fleet\\.json');
    const header = lines.indexOf('| Tenant | Outcome | Create | Change | Delete | Error |');
    expect(header).toBeGreaterThan(0);
    expect(lines.slice(header + 2, header + 5).map(cellsOf)).toEqual([
      ['north (north\\.edu)', 'unchanged', '0', '0', '0', ''],
      ['south (south\\.edu)', 'with changes', '1', '1', '1', ''],
      ['west', 'failed', '–', '–', '–', 'refused'],
    ]);
    expect(markdown).toContain('**Fleet\\: 3 tenants — 1 unchanged\\, 1 with changes\\, 1 failed**');

    const open = lines.indexOf('```diff');
    expect(lines[open - 2]).toBe('<details><summary>south — 1 to create, 1 to change, 1 to delete</summary>');
    expect(fencedContent(lines, open)).toEqual([
      '+ create flow set "South"',
      '~ update user provisioning flow in "North" (id flow-1)',
      '~     /createUnmatchedUsers: true → false',
      '+     /managementOptions/additionalAttributes: "userNumber"',
      '- delete security group provisioning flow in "Old" (id flow-9)',
    ]);
    expect(markdown).toContain('Note: 1 write\\-only password cannot be read back\\: not compared\\; sent again with its configuration list');
    // The unchanged tenant has nothing to unfold; the failed one unfolds its whole error.
    expect(markdown).not.toContain('<summary>north');
    expect(markdown).toContain('<details><summary>west — failed</summary>\n\nError (exit 4):\n\n```text\nrefused\nsecond line\nhint: run login\n```\n\n</details>');
  });

  test('an apply: its own title, and how far a failed tenant got', () => {
    const steps = [createSet, createFlow];
    const markdown = renderReportMarkdown(
      report('apply', [tenant('failed', { name: 'north', tenant: 'north.edu', plan: plan(steps), applied: [createSet.key], error: { exitCode: 5, message: 'refused' } })]),
    );
    expect(markdown.startsWith('## edu-flow apply\n')).toBe(true);
    expect(markdown).not.toContain('fleet:');
    expect(markdown).toContain('+ create flow set "South"\n+ create class group provisioning flow in "South" (not applied)\n```');
    expect(markdown).toContain('Applied 1 of 2.');
  });

  test('table cells: a | or a line break in a name or message cannot split the row or start a new one', () => {
    const lure = '[click](https://evil.example) <img src=x> *bold* `code` ';
    const markdown = renderReportMarkdown(
      report(
        'plan',
        [
          tenant('failed', {
            name: 'a | b\n| x | y |',
            tenant: 't|1',
            error: { exitCode: 5, message: `${lure}${'z'.repeat(150)}\nline two` },
          }),
        ],
        'fleet.json',
      ),
    );
    const lines = markdown.split('\n');
    const row = lines[lines.indexOf('| Tenant | Outcome | Create | Change | Delete | Error |') + 2];
    const cells = cellsOf(row);
    expect(cells).toHaveLength(6);
    expect(cells[0]).toBe('a \\| b\\\\u000a\\| x \\| y \\| (t\\|1)');
    expect(cells[5]).toBe(`\\[click\\]\\(https\\:\\/\\/evil\\.example\\) \\<img src\\=x\\> \\*bold\\* \\\`code\\\` ${'z'.repeat(100 - lure.length)}…`);
    expect(cells[5]).not.toContain('line two');
    // The summary is HTML: its name is escaped as HTML, so it cannot open a tag.
    expect(markdown).toContain('<details><summary>a | b\\u000a| x | y | — failed</summary>');
  });

  test('HTML in a name stays text in the summary', () => {
    const markdown = renderReportMarkdown(report('plan', [tenant('changes', { name: '</summary><script>x</script>&', plan: plan([createSet]) })]));
    expect(markdown).toContain('<summary>&lt;/summary&gt;&lt;script&gt;x&lt;/script&gt;&amp; — 1 to create, 0 to change, 0 to delete</summary>');
    expect(markdown).not.toContain('<script>');
  });

  test('a value holding a fence cannot end the diff block: the fence is longer than any run of backticks in it', () => {
    const markdown = renderReportMarkdown(
      report('plan', [
        tenant('changes', {
          plan: plan([{ ...updateFlow, setName: '```', changes: [{ pointer: '/displayName', before: 'a', after: '````\n## injected' }] }]),
        }),
      ]),
    );
    const lines = markdown.split('\n');
    const open = lines.findIndex((line) => /^`+diff$/.test(line));
    expect(lines[open]).toBe('`````diff');
    expect(fencedContent(lines, open)).toEqual(['~ update user provisioning flow in "```" (id flow-1)', '~     /displayName: "a" → "````\\n## injected"']);
    expect(lines).not.toContain('## injected');
  });

  test('fenceFor: three backticks at least, one more than the longest run', () => {
    expect(fenceFor('plain')).toBe('```');
    expect(fenceFor('a `b` c')).toBe('```');
    expect(fenceFor('``` and ``````')).toBe('```````');
  });

  test('control characters never reach the Markdown raw', () => {
    const markdown = renderReportMarkdown(
      report('plan', [
        tenant('failed', {
          name: 'n\u001b[2J',
          plan: plan([{ ...updateFlow, changes: [{ pointer: '/a\u0007', after: 'v\u009b1m' }] }]),
          error: { exitCode: 5, message: 'm\u001b]0;t\u0007\r' },
        }),
      ]),
    );
    expect(CONTROL_BUT_LINE_BREAK.test(markdown)).toBe(false);
    expect(markdown).toContain('/a\\u0007: "v\\u009b1m"');
  });
});

describe('estateExitCode', () => {
  const off = { exitCodeOnChanges: false };
  const on = { exitCodeOnChanges: true };
  const failed = (exitCode: number): TenantResult => tenant('failed', { error: { exitCode, message: 'x' } });

  test('the fleet codes are their own, not any ordinary one', () => {
    expect(FLEET_EXIT).toEqual({ someFailed: 10, noneDone: 11 });
    // Each is its own: no other outcome shares its number.
    for (const code of Object.values(FLEET_EXIT)) expect(Object.values(ExitCode).filter((c) => c === code)).toHaveLength(1);
  });

  test('no failure: 0, or 8 for a plan with changes under --exit-code', () => {
    expect(estateExitCode(report('plan', [tenant('unchanged')]), on)).toBe(0);
    expect(estateExitCode(report('plan', [tenant('changes')]), off)).toBe(0);
    expect(estateExitCode(report('plan', [tenant('changes')]), on)).toBe(ExitCode.differs);
    expect(estateExitCode(report('plan', [tenant('unchanged'), tenant('changes')], 'fleet.json'), on)).toBe(ExitCode.differs);
    // apply made its changes: none are pending, so --exit-code has nothing to report.
    expect(estateExitCode(report('apply', [tenant('applied'), tenant('done-earlier'), tenant('unchanged')], 'fleet.json'), on)).toBe(0);
  });

  test('one tenant without a fleet that failed: its own exit code', () => {
    for (const code of [ExitCode.usage, ExitCode.invalidInput, ExitCode.auth, ExitCode.graphRefused, ExitCode.unavailable, ExitCode.verifyFailed, ExitCode.localFailure]) {
      expect(estateExitCode(report('apply', [failed(code)]), off)).toBe(code);
    }
  });

  test('a failure never exits 0: an error without a usable code is internal', () => {
    expect(estateExitCode(report('plan', [tenant('failed')]), off)).toBe(ExitCode.internal);
    for (const bad of [0, -1, 2.5, 300, Number.NaN]) expect(estateExitCode(report('plan', [failed(bad)]), off)).toBe(ExitCode.internal);
  });

  test('a fleet with failures: 10 when another tenant finished, 11 when none did', () => {
    for (const finished of ['unchanged', 'changes', 'applied', 'done-earlier'] as const) {
      expect(estateExitCode(report('apply', [tenant(finished), failed(ExitCode.auth)], 'fleet.json'), on)).toBe(FLEET_EXIT.someFailed);
    }
    expect(estateExitCode(report('apply', [tenant('applied'), failed(ExitCode.auth), tenant('skipped')], 'fleet.json'), off)).toBe(FLEET_EXIT.someFailed);
    expect(estateExitCode(report('apply', [failed(ExitCode.auth), failed(ExitCode.unavailable)], 'fleet.json'), off)).toBe(FLEET_EXIT.noneDone);
    expect(estateExitCode(report('apply', [failed(ExitCode.auth), tenant('skipped')], 'fleet.json'), off)).toBe(FLEET_EXIT.noneDone);
    // A fleet of one that failed is still a fleet: its code says nothing was done.
    expect(estateExitCode(report('plan', [failed(ExitCode.auth)], 'fleet.json'), off)).toBe(FLEET_EXIT.noneDone);
  });

  test('a skipped tenant is work not done, even with no failure beside it', () => {
    expect(estateExitCode(report('apply', [tenant('applied'), tenant('skipped')], 'fleet.json'), off)).toBe(FLEET_EXIT.someFailed);
    expect(estateExitCode(report('apply', [tenant('skipped'), tenant('skipped')], 'fleet.json'), off)).toBe(FLEET_EXIT.noneDone);
  });

  test('an interruption wins over everything else', () => {
    expect(estateExitCode(report('apply', [failed(ExitCode.sigint)]), on)).toBe(130);
    expect(estateExitCode(report('apply', [tenant('applied'), failed(ExitCode.auth), failed(ExitCode.sigterm), tenant('skipped')], 'fleet.json'), on)).toBe(143);
    expect(estateExitCode(report('plan', [tenant('changes'), tenant('skipped', { error: { exitCode: 130, message: 'interrupted by SIGINT' } })], 'fleet.json'), on)).toBe(130);
  });

  test('an empty fleet has nothing that failed: 0', () => {
    expect(estateExitCode(report('plan', [], 'fleet.json'), on)).toBe(0);
  });
});
