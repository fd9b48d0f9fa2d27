// Unit: the pure markAllStudentsAsMinors → studentAgeGroup rewrite behind `edu-flow migrate`.
import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { migrateBody, runMigrate } from '../../src/commands/migrate/run.js';
import type { Context } from '../../src/context.js';
import { UsageError } from '../../src/errors.js';
import { createReporter } from '../../src/ui/reporter.js';
import { SecretScrubber } from '../../src/secrets.js';
import { rejected } from '../helpers/expect-error.js';

const T = '#microsoft.graph.industryData.';
type Json = Record<string, unknown>;

/** A user body whose additionalOptions are `options`, between two other members. */
const userBody = (options: Json, withType = true): Json => ({
  ...(withType ? { '@odata.type': `${T}userProvisioningFlow` } : {}),
  createUnmatchedUsers: false,
  managementOptions: { additionalAttributes: ['userGradeLevel'], additionalOptions: options },
});
const optionsOf = (body: Json): Json => (body.managementOptions as Json).additionalOptions as Json;

describe('migrateBody: markAllStudentsAsMinors alone', () => {
  test('true becomes "studentAgeGroup": "minor", in the place it stood', () => {
    const input = userBody({ allowStudentContactAssociation: false, markAllStudentsAsMinors: true, extra: 1 });
    const result = migrateBody(input);
    expect(result.body).toEqual(userBody({ allowStudentContactAssociation: false, studentAgeGroup: 'minor', extra: 1 }));
    expect(Object.keys(optionsOf(result.body))).toEqual(['allowStudentContactAssociation', 'studentAgeGroup', 'extra']);
    expect(Object.keys(result.body)).toEqual(['@odata.type', 'createUnmatchedUsers', 'managementOptions']);
    expect(result.changed).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.notes).toEqual(['managementOptions.additionalOptions.markAllStudentsAsMinors: true → "studentAgeGroup": "minor"']);
  });

  test('true as the first member: studentAgeGroup comes first', () => {
    const result = migrateBody(userBody({ markAllStudentsAsMinors: true, allowStudentContactAssociation: true }, false));
    expect(Object.keys(optionsOf(result.body))).toEqual(['studentAgeGroup', 'allowStudentContactAssociation']);
    expect(result.body).not.toHaveProperty('@odata.type'); // nothing is added to the body
  });

  test('false is removed and no studentAgeGroup is added', () => {
    const result = migrateBody(userBody({ markAllStudentsAsMinors: false, allowStudentContactAssociation: true }));
    expect(optionsOf(result.body)).toEqual({ allowStudentContactAssociation: true });
    expect(result.changed).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.notes).toEqual([expect.stringContaining('false meant: no age group forced; studentAgeGroup is left as it was')]);
  });

  test('null is removed, with a note', () => {
    const result = migrateBody(userBody({ markAllStudentsAsMinors: null }));
    expect(optionsOf(result.body)).toEqual({});
    expect(result.changed).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.notes).toEqual([expect.stringMatching(/markAllStudentsAsMinors: null removed/)]);
  });

  test('a value that is not true, false or null is left alone, with a warning', () => {
    const input = userBody({ markAllStudentsAsMinors: 'yes' });
    const result = migrateBody(input);
    expect(result.body).toEqual(input);
    expect(result.changed).toBe(false);
    expect(result.notes).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining('is "yes", not true, false or null')]);
  });
});

describe('migrateBody: with a studentAgeGroup already there (it wins)', () => {
  test('true and "minor" agree: markAllStudentsAsMinors removed, a note, no warning', () => {
    const result = migrateBody(userBody({ studentAgeGroup: 'minor', markAllStudentsAsMinors: true }));
    expect(optionsOf(result.body)).toEqual({ studentAgeGroup: 'minor' });
    expect(result.warnings).toEqual([]);
    expect(result.notes).toEqual([expect.stringContaining('"studentAgeGroup": "minor" is already set and is kept')]);
  });

  test('true and "adult" disagree: "adult" is kept, with a warning naming both values', () => {
    const result = migrateBody(userBody({ markAllStudentsAsMinors: true, allowStudentContactAssociation: false, studentAgeGroup: 'adult' }));
    expect(optionsOf(result.body)).toEqual({ allowStudentContactAssociation: false, studentAgeGroup: 'adult' });
    expect(Object.keys(optionsOf(result.body))).toEqual(['allowStudentContactAssociation', 'studentAgeGroup']);
    expect(result.changed).toBe(true);
    expect(result.notes).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('was true but studentAgeGroup is "adult"');
  });

  test('true and null disagree (null turns age groups off)', () => {
    const result = migrateBody(userBody({ markAllStudentsAsMinors: true, studentAgeGroup: null }));
    expect(optionsOf(result.body)).toEqual({ studentAgeGroup: null });
    expect(result.warnings).toEqual([expect.stringContaining('was true but studentAgeGroup is null')]);
  });

  test('false and "minor" disagree', () => {
    const result = migrateBody(userBody({ markAllStudentsAsMinors: false, studentAgeGroup: 'minor' }));
    expect(optionsOf(result.body)).toEqual({ studentAgeGroup: 'minor' });
    expect(result.warnings).toEqual([expect.stringContaining('was false but studentAgeGroup is "minor"')]);
  });

  test('false with "adult", and null with "notAdult", agree', () => {
    for (const [value, group] of [
      [false, 'adult'],
      [null, 'notAdult'],
    ] as const) {
      const result = migrateBody(userBody({ studentAgeGroup: group, markAllStudentsAsMinors: value }));
      expect(optionsOf(result.body)).toEqual({ studentAgeGroup: group });
      expect(result.warnings).toEqual([]);
      expect(result.notes).toEqual([expect.stringContaining(`"studentAgeGroup": "${group}" is already set and is kept`)]);
    }
  });
});

describe('migrateBody: nothing to migrate', () => {
  test('a body without the deprecated member is returned unchanged, with a note', () => {
    const input = userBody({ studentAgeGroup: 'adult' });
    const result = migrateBody(input);
    expect(result.body).toEqual(input);
    expect(result.changed).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(result.notes).toEqual(['nothing to migrate: the body has no deprecated members']);
  });

  test.each([
    ['no managementOptions', { createUnmatchedUsers: true }],
    ['managementOptions without additionalOptions', { managementOptions: { additionalAttributes: ['userNumber'] } }],
    ['managementOptions null', { managementOptions: null }],
    ['additionalOptions null', { managementOptions: { additionalOptions: null } }],
    ['markAllStudentsAsMinors at the wrong level', { managementOptions: { markAllStudentsAsMinors: true } }],
  ])('%s', (_name, input) => {
    const result = migrateBody(input);
    expect(result.body).toEqual(input);
    expect(result.changed).toBe(false);
    expect(result.notes).toEqual([expect.stringContaining('nothing to migrate')]);
  });

  test('a body of another flow type is untouched, even with the same shape', () => {
    const input = { '@odata.type': `${T}securityGroupProvisioningFlow`, managementOptions: { additionalOptions: { markAllStudentsAsMinors: true } } };
    const result = migrateBody(input);
    expect(result.body).toEqual(input);
    expect(result.changed).toBe(false);
    expect(result.warnings).toEqual([]);
    expect(result.notes).toEqual(['nothing to migrate: a security group provisioning flow body has no deprecated members edu-flow rewrites']);
  });

  test('a flow-set body is untouched', () => {
    const input = { '@odata.type': `${T}outboundProvisioningFlowSet`, displayName: 'North' };
    expect(migrateBody(input)).toEqual({ body: input, changed: false, notes: [expect.stringContaining('a flow set body')], warnings: [] });
  });

  test('an unknown @odata.type: untouched, with a warning', () => {
    const input = { '@odata.type': `${T}userProvisioningFlw`, managementOptions: { additionalOptions: { markAllStudentsAsMinors: true } } };
    const result = migrateBody(input);
    expect(result.body).toEqual(input);
    expect(result.notes).toEqual([]);
    expect(result.warnings).toEqual([expect.stringContaining('is not a type edu-flow knows')]);
  });
});

describe('migrateBody keeps the rest', () => {
  test('the input is not changed, and the output shares no objects with it', () => {
    const input = userBody({ markAllStudentsAsMinors: true });
    const copy = structuredClone(input);
    const result = migrateBody(input);
    expect(input).toEqual(copy);
    expect(result.body.managementOptions).not.toBe(input.managementOptions);
  });

  test('other members, nested objects and a "__proto__" member survive', () => {
    const input = JSON.parse(
      '{"creationOptions":{"configurations":[{"roleGroup@odata.bind":"x","licenseSkus":["a"]}]},' +
        '"managementOptions":{"additionalOptions":{"__proto__":{"p":1},"markAllStudentsAsMinors":true}}}',
    ) as Json;
    const result = migrateBody(input);
    const options = optionsOf(result.body);
    expect(Object.keys(options)).toEqual(['__proto__', 'studentAgeGroup']);
    expect(Object.getPrototypeOf(options)).toBe(Object.prototype);
    expect(result.body.creationOptions).toEqual({ configurations: [{ 'roleGroup@odata.bind': 'x', licenseSkus: ['a'] }] });
  });
});

describe('runMigrate', () => {
  test('a terminal stdin and no -f is a usage error (exit 2), never a wait', async () => {
    const out = new PassThrough();
    const ctx: Context = {
      io: { stdin: new PassThrough(), stdout: out, stderr: new PassThrough(), stdinIsTTY: true, stdoutIsTTY: false, stderrIsTTY: false },
      env: {},
      version: '0.0.0',
      now: () => new Date(0),
      sleep: async () => {},
      signal: new AbortController().signal,
      secrets: new SecretScrubber(),
    };
    const reporter = createReporter(ctx, { format: 'json', formatExplicit: false, verbose: false, debug: false, colorLevel: 0 });
    const error = await rejected(runMigrate(ctx, reporter, {}), UsageError, 2);
    expect(error.message).toBe('no body given');
    expect(error.hint).toContain('edu-flow migrate');
  });
});
