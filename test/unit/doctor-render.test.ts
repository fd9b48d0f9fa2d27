// Unit: how a doctor report reads (text), what it counts, and the exit code it ends with; reports
// built by hand, strings from Graph included (control characters, line breaks).
import { describe, expect, test } from '@jest/globals';
import { Chalk } from 'chalk';
import { ExitCode } from '../../src/errors.js';
import { doctorExitCode, doctorReport, type TenantChecks } from '../../src/runs/doctor/model.js';
import { describeCounts, renderDoctorText } from '../../src/runs/doctor/render-text.js';

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });

const north: TenantChecks = {
  name: 'north',
  tenant: 'north.example.edu',
  checks: [
    { id: 'permissions.read-flows', status: 'ok', title: 'read flows', reason: 'IndustryData-OutboundFlow.ReadWrite.All (application)' },
    {
      id: 'flow.readiness',
      status: 'warn',
      title: 'readiness',
      subject: 'user provisioning flow in "North" (id u1)',
      reason: 'notReady: SDS has not finished setting it up',
      fix: 'wait',
    },
    { id: 'runs.latest', status: 'fail', title: 'latest run', subject: 'run (id r1)', reason: 'failed: BadRequest: the file is empty', fix: 'look at the run' },
  ],
};
const south: TenantChecks = { name: 'south', tenant: null, checks: [{ id: 'flow.age-group', status: 'ok', title: 'age groups', reason: 'fine', fix: 'never shown for ok' }] };

describe('renderDoctorText', () => {
  test('one tenant: a heading, a line per check with its mark, the fix under warnings and failures, the counts', () => {
    expect(renderDoctorText(doctorReport([north]), plain)).toBe(
      [
        '"north" (north.example.edu)',
        '  ✓ read flows: IndustryData-OutboundFlow.ReadWrite.All (application)',
        '  ! readiness — user provisioning flow in "North" (id u1): notReady: SDS has not finished setting it up',
        '      fix: wait',
        '  ✗ latest run — run (id r1): failed: BadRequest: the file is empty',
        '      fix: look at the run',
        '  1 ok, 1 warning, 1 failed',
        '',
      ].join('\n'),
    );
  });

  test('a fleet: a block per tenant and a total; no fix under an ok line', () => {
    const text = renderDoctorText(doctorReport([north, south]), plain);
    expect(text).toContain('\n\n"south"\n  ✓ age groups: fine\n  1 ok, 0 warnings, 0 failed\n');
    expect(text).not.toContain('never shown for ok');
    expect(text.endsWith('\n\n2 tenants: 2 ok, 1 warning, 1 failed\n')).toBe(true);
  });

  test('strings from Graph stay on their line and cannot steer the terminal', () => {
    const hostile: TenantChecks = {
      name: 'evil\u001b]0;owned\u0007',
      tenant: 't\nx',
      checks: [{ id: 'runs.latest', status: 'fail', title: 'latest run', subject: 'run "a\rb"', reason: 'failed: \u001b[2J\ncleared', fix: 'x\u0008y' }],
    };
    const text = renderDoctorText(doctorReport([hostile]), coloured);
    // Only the colour sequences edu-flow writes itself are left raw.
    expect(text.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).toContain('\\u001b[2J\\u000acleared');
    expect(text).toContain('"evil\\u001b]0;owned\\u0007" (t\\u000ax)');
    expect(text.split('\n')).toHaveLength(5);
  });

  test('colour marks the status when colour is on', () => {
    const text = renderDoctorText(doctorReport([north]), coloured);
    expect(text).toContain(coloured.red('✗'));
    expect(text).toContain(coloured.yellow('!'));
    expect(text).toContain(coloured.green('✓'));
  });
});

describe('summary and exit code', () => {
  test('the summary counts every tenant', () => {
    expect(doctorReport([north, south]).summary).toEqual({ ok: 2, warnings: 1, failed: 1 });
    expect(describeCounts({ ok: 3, warnings: 2, failed: 1 })).toBe('3 ok, 2 warnings, 1 failed');
  });

  test('0 with warnings only; 14 when any check of any tenant failed', () => {
    expect(doctorExitCode(doctorReport([south]))).toBe(ExitCode.ok);
    const warnOnly: TenantChecks = { ...north, checks: north.checks.filter((check) => check.status !== 'fail') };
    expect(doctorExitCode(doctorReport([warnOnly, south]))).toBe(0);
    expect(doctorExitCode(doctorReport([south, north]))).toBe(14);
    expect(ExitCode.doctorFailed).toBe(14);
  });

  test('the JSON shape: tenants with their checks, and the summary', () => {
    const json = JSON.parse(JSON.stringify(doctorReport([south])));
    expect(json).toEqual({ tenants: [{ name: 'south', tenant: null, checks: [south.checks[0]] }], summary: { ok: 1, warnings: 0, failed: 0 } });
  });
});
