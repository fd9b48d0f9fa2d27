// The emulated industryData surface: flow sets, the flows of a set, reset, role
// groups, paging and the test switches, through node's global fetch (which trusts the emulator's
// certificate because the test script sets NODE_EXTRA_CA_CERTS).
import { describe, expect, test } from '@jest/globals';
import https from 'node:https';
import { SEED, SEED_PASSWORDS, STAFF_ROLE_CODES } from './emulator.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();

const NS = '#microsoft.graph.industryData';
const MASK = '***************';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AUTH = { authorization: 'Bearer test-token' };

const root = () => `${emu.graphUrl}/external/industryData`;
const setsUrl = () => `${root()}/outboundProvisioningFlowSets`;
const setUrl = (setId: string) => `${setsUrl()}/${setId}`;
const flowsUrl = (setId: string) => `${setUrl(setId)}/provisioningFlows`;
const flowUrl = (setId: string, flowId: string) => `${flowsUrl(setId)}/${flowId}`;
const metadata = (fragment: string) => `${emu.graphUrl}/$metadata#external/industryData/${fragment}`;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** One request; an object body is sent as JSON with Content-Type application/json. */
async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...AUTH, ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json', ...(init.headers as Record<string, string>) };
  }
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text === '' ? undefined : JSON.parse(text) };
}

/** Follows @odata.nextLink from `url` until it is absent: every page, in order. */
async function allPages(url: string): Promise<any[]> {
  const pages: any[] = [];
  for (let next: string | undefined = url; next !== undefined; ) {
    const page = await call('GET', next);
    expect(page.status).toBe(200);
    pages.push(page.json);
    next = page.json['@odata.nextLink'];
    if (pages.length > 20) throw new Error('paging does not end');
  }
  return pages;
}

const expectError = (answer: Answer, status: number, code: string, message?: RegExp | string) => {
  expect(answer.status).toBe(status);
  expect(answer.json.error.code).toBe(code);
  if (message !== undefined) expect(answer.json.error.message).toEqual(expect.stringMatching(message));
};

const bind = (id: string) => `https://graph.microsoft.com/beta/external/industryData/roleGroups/${id}`;
const USER_FLOW = {
  '@odata.type': `${NS}.userProvisioningFlow`,
  createUnmatchedUsers: true,
  managementOptions: {
    additionalAttributes: ['userGradeLevel'],
    additionalOptions: { studentAgeGroup: 'minor', allowStudentContactAssociation: false },
  },
  creationOptions: {
    configurations: [
      { 'roleGroup@odata.bind': bind('staff'), defaultPasswordSettings: { '@odata.type': `${NS}.simplePasswordSettings`, password: 'Staff!Initial1' }, licenseSkus: ['Sku1'] },
      { 'roleGroup@odata.bind': bind('students'), defaultPasswordSettings: { '@odata.type': `${NS}.simplePasswordSettings`, password: 'Pupil!Initial2' }, licenseSkus: ['Sku2'] },
    ],
  },
};
const CLASS_GROUP_FLOW = {
  '@odata.type': `${NS}.classGroupProvisioningFlow`,
  configuration: {
    '@odata.type': `${NS}.classGroupConfiguration`,
    additionalAttributes: ['courseTitle'],
    additionalOptions: { '@odata.type': `${NS}.additionalClassGroupOptions`, createTeam: false, writeDisplayNameOnCreateOnly: true },
    enrollmentMappings: {
      ownerEnrollmentMappings: [{ '@odata.type': `${NS}.sectionRoleReferenceValue`, code: 'teacher' }],
      memberEnrollmentMappings: [{ '@odata.type': `${NS}.sectionRoleReferenceValue`, code: 'student' }],
    },
  },
};
const SECURITY_GROUP_FLOW = { '@odata.type': `${NS}.securityGroupProvisioningFlow`, creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false } };
const ADMIN_UNIT_FLOW = { '@odata.type': `${NS}.administrativeUnitProvisioningFlow`, creationOptions: { createBasedOnOrg: true, createBasedOnOrgPlusRoleGroup: true } };

describe('flow sets', () => {
  test('list: both seeded sets, without @odata.type, one page by default, with correlation headers', async () => {
    const res = await call('GET', setsUrl(), undefined, { 'client-request-id': 'c1d2e3f4-0000-4000-8000-00000000000a' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('request-id')).toMatch(UUID);
    expect(res.headers.get('client-request-id')).toBe('c1d2e3f4-0000-4000-8000-00000000000a');
    expect(res.json['@odata.context']).toBe(metadata('outboundProvisioningFlowSets'));
    expect(res.json['@odata.nextLink']).toBeUndefined();
    expect(res.json.value.map((s: any) => [s.id, s.displayName])).toEqual([
      [SEED.setId, 'Contoso district flows'],
      [SEED.emptySetId, SEED.emptySetDisplayName],
    ]);
    for (const set of res.json.value) expect(set).not.toHaveProperty('@odata.type');
    expect(res.json.value[0].filter).toEqual({ '@odata.type': `${NS}.basicFilter`, attribute: 'orgExternalId', in: expect.any(Array) });
    expect(res.json.value[1]).not.toHaveProperty('filter');
  });

  test('paging: pageSize 2 over 5 sets is 3 pages; nextLinks are absolute, on the request origin, keep other query options', async () => {
    for (const name of ['North', 'South', 'West']) expect((await call('POST', setsUrl(), { displayName: name })).status).toBe(201);
    emu.pageSize = 2;
    const pages = await allPages(`${setsUrl()}?$select=id,displayName`);
    expect(pages.map((p) => p.value.length)).toEqual([2, 2, 1]);
    for (const page of pages.slice(0, -1)) {
      expect(page['@odata.nextLink']).toMatch(
        new RegExp(`^${emu.origin.replace(/[.]/g, '\\.')}/beta/external/industryData/outboundProvisioningFlowSets\\?\\$select=id,displayName&\\$skiptoken=[A-Za-z0-9_-]+$`),
      );
      expect(page['@odata.context']).toBe(metadata('outboundProvisioningFlowSets'));
    }
    const ids = pages.flatMap((p) => p.value.map((s: any) => s.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...emu.sets.keys()].sort());
    expect(emu.requestsTo('GET').every((r) => r.headers.authorization === 'Bearer test-token')).toBe(true);
  });

  test('paging: a nextLink uses the host the request was sent to (a *.edu-flow.test name)', async () => {
    emu.pageSize = 1;
    const port = new URL(emu.origin).port;
    const body = await new Promise<any>((resolve, reject) => {
      const req = https.get(
        {
          host: '127.0.0.1',
          port,
          servername: 'graph.edu-flow.test',
          path: '/beta/external/industryData/outboundProvisioningFlowSets',
          headers: { host: 'graph.edu-flow.test', ...AUTH },
          agent: false,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve(JSON.parse(text)));
        },
      );
      req.on('error', reject);
    });
    expect(body['@odata.nextLink']).toMatch(/^https:\/\/graph\.edu-flow\.test\/beta\/external\/industryData\/outboundProvisioningFlowSets\?\$skiptoken=/);
    expect(body['@odata.context']).toBe('https://graph.edu-flow.test/beta/$metadata#external/industryData/outboundProvisioningFlowSets');
  });

  test('paging: emu.nextLinkOrigin puts every list’s nextLink on a foreign origin; the token itself stays valid', async () => {
    emu.pageSize = 1;
    emu.nextLinkOrigin = 'https://evil.example';
    const sets = await call('GET', setsUrl());
    expect(sets.json['@odata.nextLink']).toMatch(/^https:\/\/evil\.example\/beta\/external\/industryData\/outboundProvisioningFlowSets\?\$skiptoken=/);
    expect(sets.json['@odata.context']).toBe(metadata('outboundProvisioningFlowSets')); // only the link moves
    const flows = await call('GET', flowsUrl(SEED.setId));
    expect(flows.json['@odata.nextLink']).toMatch(
      new RegExp(`^https://evil\\.example/beta/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows\\?\\$skiptoken=`),
    );
    const groups = await call('GET', `${root()}/roleGroups`);
    expect(groups.json['@odata.nextLink']).toMatch(/^https:\/\/evil\.example\/beta\/external\/industryData\/roleGroups\?\$skiptoken=/);

    const second = await call('GET', sets.json['@odata.nextLink'].replace('https://evil.example', emu.origin));
    expect(second.status).toBe(200);
    expect(second.json.value.map((s: any) => s.id)).toEqual([SEED.emptySetId]);
  });

  test('paging: a tampered $skiptoken, or one from another collection, is 400', async () => {
    emu.pageSize = 1;
    expectError(await call('GET', `${setsUrl()}?$skiptoken=not-a-token`), 400, 'BadRequest', /skiptoken/);
    const flowsLink: string = (await call('GET', flowsUrl(SEED.setId))).json['@odata.nextLink'];
    const token = new URL(flowsLink).searchParams.get('$skiptoken');
    expectError(await call('GET', `${setsUrl()}?$skiptoken=${token}`), 400, 'BadRequest');
  });

  test('POST creates a set (201 + entity + @odata.context); GET and the list then show it', async () => {
    const filter = { '@odata.type': `${NS}.basicFilter`, attribute: 'orgExternalId', in: ['Quarter', 'Demo'] };
    const res = await call('POST', setsUrl(), { '@odata.type': `${NS}.outboundProvisioningFlowSet`, displayName: 'Pilot', filter, id: 'chosen-by-client' });
    expect(res.status).toBe(201);
    expect(res.headers.get('request-id')).toMatch(UUID);
    const created = res.json;
    expect(created).toEqual({
      '@odata.context': metadata('outboundProvisioningFlowSets/$entity'),
      id: expect.stringMatching(UUID),
      createdDateTime: expect.any(String),
      lastModifiedDateTime: created.createdDateTime,
      displayName: 'Pilot',
      filter,
    });
    expect(Date.parse(created.createdDateTime)).not.toBeNaN();

    const get = await call('GET', setUrl(created.id));
    expect(get.status).toBe(200);
    expect(get.json).toEqual(created);
    expect(emu.flowSet(created.id)).toEqual({ ...created, '@odata.context': undefined });
    expect(emu.flowSet(created.id)).not.toHaveProperty('@odata.context');
    const list = await call('GET', setsUrl());
    expect(list.json.value.map((s: any) => s.id)).toContain(created.id);
  });

  test('POST without displayName, with an unknown member, a bad filter or a non-JSON body is 400, and stores nothing', async () => {
    expectError(await call('POST', setsUrl(), {}), 400, 'BadRequest', /displayName/);
    expectError(await call('POST', setsUrl(), { displayName: '' }), 400, 'BadRequest', /displayName/);
    expectError(await call('POST', setsUrl(), { displayName: 'x', colour: 'red' }), 400, 'BadRequest', /'colour'/);
    expectError(await call('POST', setsUrl(), { displayName: 'x', filter: { attribute: 'orgExternalId', in: ['a'] } }), 400, 'BadRequest', /basicFilter/);
    expectError(await call('POST', setsUrl(), { displayName: 'x', '@odata.type': `${NS}.roleGroup` }), 400, 'BadRequest');
    expectError(await call('POST', setsUrl(), '{nope'), 400, 'BadRequest');
    expectError(await call('POST', setsUrl(), JSON.stringify({ displayName: 'x' }), { 'content-type': 'text/plain' }), 400, 'BadRequest');
    expect(emu.sets.size).toBe(2);
  });

  test('GET one set: 200 on either path casing; 404 itemNotFound for a missing one; ids are exact', async () => {
    const res = await call('GET', setUrl(SEED.setId));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ '@odata.context': metadata('outboundProvisioningFlowSets/$entity'), id: SEED.setId, displayName: 'Contoso district flows' });
    expect(res.json).not.toHaveProperty('@odata.type');

    const pascal = await call('GET', `${root()}/OutboundProvisioningFlowSets/${SEED.emptySetId}`);
    expect(pascal.status).toBe(200);
    expect(pascal.json.displayName).toBe(SEED.emptySetDisplayName);

    expectError(await call('GET', setUrl('no-such-set')), 404, 'itemNotFound', /no-such-set/);
    expectError(await call('GET', setUrl(SEED.setId.toUpperCase())), 404, 'itemNotFound');
  });

  test('PATCH merges displayName and filter (null removes it): 204 with no body', async () => {
    const rename = await call('PATCH', setUrl(SEED.setId), { '@odata.type': `${NS}.outboundProvisioningFlowSet`, displayName: 'Renamed' });
    expect(rename.status).toBe(204);
    expect(rename.text).toBe('');
    let set = emu.flowSet(SEED.setId)!;
    expect(set.displayName).toBe('Renamed');
    expect(set.filter).toBeDefined(); // untouched
    expect(set.lastModifiedDateTime > set.createdDateTime).toBe(true);

    expect((await call('PATCH', setUrl(SEED.setId), { filter: null })).status).toBe(204);
    set = (await call('GET', setUrl(SEED.setId))).json;
    expect(set).not.toHaveProperty('filter');
    expect(set.displayName).toBe('Renamed');

    const filter = { '@odata.type': `${NS}.basicFilter`, attribute: 'orgExternalId', in: ['x1'] };
    expect((await call('PATCH', setUrl(SEED.emptySetId), { filter })).status).toBe(204);
    expect(emu.flowSet(SEED.emptySetId)?.filter).toEqual(filter);
  });

  test('PATCH: unknown member, null displayName or bad filter is 400 and changes nothing; a missing set is 404', async () => {
    const before = emu.flowSet(SEED.setId);
    expectError(await call('PATCH', setUrl(SEED.setId), { displayName: 'x', owner: 'me' }), 400, 'BadRequest', /'owner'/);
    expectError(await call('PATCH', setUrl(SEED.setId), { displayName: null }), 400, 'BadRequest');
    expectError(await call('PATCH', setUrl(SEED.setId), { filter: { '@odata.type': `${NS}.basicFilter`, attribute: 'colour', in: [] } }), 400, 'BadRequest');
    expectError(await call('PATCH', setUrl(SEED.setId), '[]'), 400, 'BadRequest');
    expect(emu.flowSet(SEED.setId)).toEqual(before);
    expectError(await call('PATCH', setUrl('gone'), { displayName: 'x' }), 404, 'itemNotFound');
  });

  test('DELETE removes the set and its flows (204); then everything about it is 404', async () => {
    const res = await call('DELETE', setUrl(SEED.setId));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(emu.sets.has(SEED.setId)).toBe(false);
    expect(emu.flowsIn(SEED.setId)).toEqual([]);
    expect([...emu.flows.keys()].some((k) => k.startsWith(`${SEED.setId}/`))).toBe(false);

    expectError(await call('GET', setUrl(SEED.setId)), 404, 'itemNotFound');
    expectError(await call('GET', flowsUrl(SEED.setId)), 404, 'itemNotFound');
    expectError(await call('GET', flowUrl(SEED.setId, SEED.userFlowId)), 404, 'itemNotFound');
    expectError(await call('DELETE', setUrl(SEED.setId)), 404, 'itemNotFound');
    expect((await call('GET', setsUrl())).json.value.map((s: any) => s.id)).toEqual([SEED.emptySetId]);
  });
});

describe('flows of a set', () => {
  test('list: every item carries @odata.type; the user flow has expanded role groups and masked passwords', async () => {
    const res = await call('GET', flowsUrl(SEED.setId));
    expect(res.status).toBe(200);
    expect(res.json['@odata.context']).toBe(metadata(`outboundProvisioningFlowSets('${SEED.setId}')/provisioningFlows`));
    expect(res.json.value.map((f: any) => [f['@odata.type'], f.id])).toEqual([
      [`${NS}.userProvisioningFlow`, SEED.userFlowId],
      [`${NS}.classGroupProvisioningFlow`, SEED.classGroupFlowId],
      [`${NS}.securityGroupProvisioningFlow`, SEED.securityGroupFlowId],
      [`${NS}.administrativeUnitProvisioningFlow`, SEED.adminUnitFlowId],
    ]);
    const [staff, students] = res.json.value[0].creationOptions.configurations;
    expect(staff.roleGroup).toEqual({ id: 'staff', displayName: 'Staff', roles: STAFF_ROLE_CODES.map((code) => ({ code })) });
    expect(students.roleGroup).toEqual({ id: 'students', displayName: 'Students', roles: [{ code: 'student' }] });
    expect(staff.defaultPasswordSettings.password).toBe(MASK);
    // the same as GET of that flow
    const get = await call('GET', flowUrl(SEED.setId, SEED.userFlowId));
    expect({ ...get.json, '@odata.context': undefined }).toEqual({ ...res.json.value[0], '@odata.context': undefined });

    const empty = await call('GET', flowsUrl(SEED.emptySetId));
    expect(empty.status).toBe(200);
    expect(empty.json.value).toEqual([]);
    expectError(await call('GET', flowsUrl('no-such-set')), 404, 'itemNotFound');
  });

  test('list paging: pageSize 3 over 4 flows is 2 pages, each flow once', async () => {
    emu.pageSize = 3;
    const pages = await allPages(flowsUrl(SEED.setId));
    expect(pages.map((p) => p.value.length)).toEqual([3, 1]);
    expect(pages[0]['@odata.nextLink']).toMatch(
      new RegExp(`^${emu.origin.replace(/[.]/g, '\\.')}/beta/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows\\?\\$skiptoken=`),
    );
    const ids = pages.flatMap((p) => p.value.map((f: any) => f.id));
    expect(ids).toEqual([SEED.userFlowId, SEED.classGroupFlowId, SEED.securityGroupFlowId, SEED.adminUnitFlowId]);
  });

  test('POST a user flow: 201 without roleGroup (as the service answers); a later GET has it expanded; passwords kept, shown only masked', async () => {
    const res = await call('POST', flowsUrl(SEED.emptySetId), USER_FLOW, { 'client-request-id': 'c1d2e3f4-0000-4000-8000-00000000000b' });
    expect(res.status).toBe(201);
    expect(res.headers.get('client-request-id')).toBe('c1d2e3f4-0000-4000-8000-00000000000b');
    const created = res.json;
    expect(created).toMatchObject({
      '@odata.context': metadata(`outboundProvisioningFlowSets('${SEED.emptySetId}')/provisioningFlows/$entity`),
      '@odata.type': `${NS}.userProvisioningFlow`,
      id: expect.stringMatching(UUID),
      readinessStatus: 'notReady',
      createUnmatchedUsers: true,
      managementOptions: USER_FLOW.managementOptions,
    });
    expect(created.lastModifiedDateTime).toBe(created.createdDateTime);
    expect(created.creationOptions.configurations).toEqual([
      { defaultPasswordSettings: { '@odata.type': `${NS}.simplePasswordSettings`, password: MASK }, licenseSkus: ['Sku1'] },
      { defaultPasswordSettings: { '@odata.type': `${NS}.simplePasswordSettings`, password: MASK }, licenseSkus: ['Sku2'] },
    ]);

    const get = await call('GET', flowUrl(SEED.emptySetId, created.id));
    expect(get.status).toBe(200);
    const [staff, students] = get.json.creationOptions.configurations;
    expect(staff.roleGroup).toEqual({ id: 'staff', displayName: 'Staff', roles: STAFF_ROLE_CODES.map((code) => ({ code })) });
    expect(staff['roleGroup@odata.context']).toBe(
      `${emu.graphUrl}/$metadata#external/industryData/outboundProvisioningFlowSets('${SEED.emptySetId}')/provisioningFlows('${created.id}')/microsoft.graph.industryData.userProvisioningFlow/creationOptions/configurations/roleGroup/$entity`,
    );
    expect(students.roleGroup.id).toBe('students');
    expect(emu.flowValue(SEED.emptySetId, created.id, '/creationOptions/configurations/1/roleGroup/displayName')).toBe('Students');
    expect(emu.flow(SEED.emptySetId, created.id)?.readinessStatus).toBe('notReady');
    // The service keeps the passwords (it sets them on the users it creates) but no read shows them.
    expect(emu.flowValue(SEED.emptySetId, created.id, '/creationOptions/configurations/0/defaultPasswordSettings/password')).toBe('Staff!Initial1');
    expect(emu.flowValue(SEED.emptySetId, created.id, '/creationOptions/configurations/1/defaultPasswordSettings/password')).toBe('Pupil!Initial2');
    const reads = JSON.stringify([get.json, (await call('GET', flowsUrl(SEED.emptySetId))).json, created]);
    expect(reads).not.toContain('Staff!Initial1');
    expect(reads).not.toContain('Pupil!Initial2');
    expect(get.json.creationOptions.configurations[0].defaultPasswordSettings.password).toBe(MASK);
  });

  test('POST each of the other types: 201 with @odata.type, nested non-abstract @odata.type dropped; the list shows all four', async () => {
    for (const body of [CLASS_GROUP_FLOW, SECURITY_GROUP_FLOW, ADMIN_UNIT_FLOW, USER_FLOW]) {
      const res = await call('POST', flowsUrl(SEED.emptySetId), body);
      expect(res.status).toBe(201);
      expect(res.json['@odata.type']).toBe(body['@odata.type']);
    }
    const classGroup = emu.flowsIn(SEED.emptySetId).find((f) => f['@odata.type'] === `${NS}.classGroupProvisioningFlow`)!;
    expect(classGroup.configuration).toEqual({
      additionalAttributes: ['courseTitle'],
      additionalOptions: { createTeam: false, writeDisplayNameOnCreateOnly: true },
      enrollmentMappings: { ownerEnrollmentMappings: [{ code: 'teacher' }], memberEnrollmentMappings: [{ code: 'student' }] },
    });
    const list = await call('GET', flowsUrl(SEED.emptySetId));
    expect(list.json.value.map((f: any) => f['@odata.type'])).toEqual([CLASS_GROUP_FLOW, SECURITY_GROUP_FLOW, ADMIN_UNIT_FLOW, USER_FLOW].map((b) => b['@odata.type']));
  });

  test('POST: a second flow of a type is 409 conflict; no/abstract/unknown @odata.type is 400; unknown role group is 400; missing set is 404', async () => {
    const conflict = await call('POST', flowsUrl(SEED.setId), SECURITY_GROUP_FLOW);
    expectError(conflict, 409, 'conflict', /A provisioning flow of type '.*securityGroupProvisioningFlow' already exists in this set/);

    const { '@odata.type': _omitted, ...untyped } = ADMIN_UNIT_FLOW;
    expectError(await call('POST', flowsUrl(SEED.emptySetId), untyped), 400, 'BadRequest', /@odata\.type/);
    expectError(await call('POST', flowsUrl(SEED.emptySetId), { ...ADMIN_UNIT_FLOW, '@odata.type': `${NS}.provisioningFlow` }), 400, 'BadRequest');
    expectError(await call('POST', flowsUrl(SEED.emptySetId), { ...ADMIN_UNIT_FLOW, '@odata.type': `${NS}.inboundFlow` }), 400, 'BadRequest');
    expectError(await call('POST', flowsUrl(SEED.emptySetId), 'not json'), 400, 'BadRequest');

    const badGroup = structuredClone(USER_FLOW);
    badGroup.creationOptions.configurations[1]['roleGroup@odata.bind'] = bind('teachers');
    expectError(await call('POST', flowsUrl(SEED.emptySetId), badGroup), 400, 'BadRequest', "roleGroup 'teachers' not found.");

    expectError(await call('POST', flowsUrl('no-such-set'), ADMIN_UNIT_FLOW), 404, 'itemNotFound');
    expect(emu.flowsIn(SEED.emptySetId)).toEqual([]);
    expect(emu.flowsIn(SEED.setId)).toHaveLength(4);
  });

  test('DELETE a flow: 204, then GET and a second DELETE are 404 and the list no longer has it', async () => {
    const res = await call('DELETE', flowUrl(SEED.setId, SEED.classGroupFlowId));
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(emu.flow(SEED.setId, SEED.classGroupFlowId)).toBeUndefined();
    expectError(await call('GET', flowUrl(SEED.setId, SEED.classGroupFlowId)), 404, 'itemNotFound');
    expectError(await call('DELETE', flowUrl(SEED.setId, SEED.classGroupFlowId)), 404, 'itemNotFound');
    const list = await call('GET', flowsUrl(SEED.setId));
    expect(list.json.value.map((f: any) => f.id)).not.toContain(SEED.classGroupFlowId);
    expect(list.json.value).toHaveLength(3);
    // and the type can be created again
    expect((await call('POST', flowsUrl(SEED.setId), CLASS_GROUP_FLOW)).status).toBe(201);
  });
});

describe('reset', () => {
  test('POST …/reset and …/microsoft.graph.industryData.reset are 202 with no body, and are recorded', async () => {
    const res = await call('POST', `${flowUrl(SEED.setId, SEED.userFlowId)}/reset`, undefined, { 'client-request-id': 'c1d2e3f4-0000-4000-8000-00000000000c' });
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expect(res.headers.get('request-id')).toMatch(UUID);
    expect(res.headers.get('client-request-id')).toBe('c1d2e3f4-0000-4000-8000-00000000000c');
    const qualified = await call('POST', `${flowUrl(SEED.setId, SEED.adminUnitFlowId)}/microsoft.graph.industryData.reset`);
    expect(qualified.status).toBe(202);
    expect(emu.resets).toEqual([`${SEED.setId}/${SEED.userFlowId}`, `${SEED.setId}/${SEED.adminUnitFlowId}`]);
  });

  test('reset with any body is 400 (not recorded); of a missing flow is 404; GET on reset is no route (404)', async () => {
    expectError(await call('POST', `${flowUrl(SEED.setId, SEED.userFlowId)}/reset`, {}), 400, 'BadRequest', /body/);
    expectError(await call('POST', `${flowUrl(SEED.setId, SEED.userFlowId)}/reset`, 'x', { 'content-type': 'text/plain' }), 400, 'BadRequest');
    expectError(await call('POST', `${flowUrl(SEED.setId, 'gone')}/reset`), 404, 'itemNotFound');
    expectError(await call('POST', `${flowUrl(SEED.emptySetId, SEED.userFlowId)}/reset`), 404, 'itemNotFound');
    expect((await call('GET', `${flowUrl(SEED.setId, SEED.userFlowId)}/reset`)).status).toBe(404);
    expect(emu.resets).toEqual([]);
  });
});

describe('flow PATCH', () => {
  test('setting creationOptions.configurations replaces the array, binds expanded from the role-group store', async () => {
    const res = await call('PATCH', flowUrl(SEED.setId, SEED.userFlowId), {
      '@odata.type': `${NS}.userProvisioningFlow`,
      creationOptions: { configurations: [{ 'roleGroup@odata.bind': bind('staff'), licenseSkus: ['OnlyStaff'] }] },
    });
    expect(res.status).toBe(204);
    const configs = (await call('GET', flowUrl(SEED.setId, SEED.userFlowId))).json.creationOptions.configurations;
    expect(configs).toHaveLength(1);
    expect(configs[0]).toEqual({
      'roleGroup@odata.context': expect.stringContaining(`provisioningFlows('${SEED.userFlowId}')`),
      roleGroup: { id: 'staff', displayName: 'Staff', roles: STAFF_ROLE_CODES.map((code) => ({ code })) },
      licenseSkus: ['OnlyStaff'],
    });
    // a role group added to the store can be bound
    emu.roleGroups.set('guardians', { id: 'guardians', displayName: 'Guardians', roles: [{ code: 'guardian' }] });
    expect((await call('PATCH', flowUrl(SEED.setId, SEED.userFlowId), { creationOptions: { configurations: [{ 'roleGroup@odata.bind': bind('guardians') }] } })).status).toBe(204);
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/creationOptions/configurations/0/roleGroup')).toEqual({
      id: 'guardians',
      displayName: 'Guardians',
      roles: [{ code: 'guardian' }],
    });
  });

  test('an unknown role group is 400 "roleGroup \'x\' not found" and nothing changes', async () => {
    const before = emu.flow(SEED.setId, SEED.userFlowId);
    const res = await call('PATCH', flowUrl(SEED.setId, SEED.userFlowId), {
      createUnmatchedUsers: false,
      creationOptions: { configurations: [{ 'roleGroup@odata.bind': bind('x') }] },
    });
    expectError(res, 400, 'BadRequest', "roleGroup 'x' not found.");
    expect(emu.flow(SEED.setId, SEED.userFlowId)).toEqual(before);
  });

  test('emu.ignoreOnPatch: the named members are silently kept (or kept absent), the rest applies, and the answer is still 204', async () => {
    emu.ignoreOnPatch.add('/managementOptions/additionalOptions/studentAgeGroup');
    emu.ignoreOnPatch.add('/managementOptions/additionalOptions/markAllStudentsAsMinors');
    const res = await call('PATCH', flowUrl(SEED.setId, SEED.userFlowId), {
      '@odata.type': `${NS}.userProvisioningFlow`,
      createUnmatchedUsers: false,
      managementOptions: {
        additionalAttributes: ['userNumber'],
        additionalOptions: { studentAgeGroup: 'adult', allowStudentContactAssociation: true, markAllStudentsAsMinors: true },
      },
    });
    expect(res.status).toBe(204);
    const flow = (await call('GET', flowUrl(SEED.setId, SEED.userFlowId))).json;
    expect(flow.createUnmatchedUsers).toBe(false);
    expect(flow.managementOptions).toEqual({
      additionalAttributes: ['userNumber'],
      additionalOptions: { studentAgeGroup: 'minor', allowStudentContactAssociation: true },
    });

    // a member the PATCH replaces wholesale without naming the ignored one still keeps it
    await call('PATCH', flowUrl(SEED.setId, SEED.userFlowId), { managementOptions: { additionalAttributes: [] } });
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/managementOptions')).toEqual({ additionalAttributes: [], additionalOptions: { studentAgeGroup: 'minor' } });

    emu.ignoreOnPatch.clear();
    await call('PATCH', flowUrl(SEED.setId, SEED.userFlowId), { managementOptions: { additionalOptions: { studentAgeGroup: 'adult' } } });
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/managementOptions/additionalOptions/studentAgeGroup')).toBe('adult');
  });
});

describe('role groups', () => {
  test('list and get: staff (29 codes) and students; an unknown or differently-cased id is 404 itemNotFound', async () => {
    const list = await call('GET', `${root()}/roleGroups`);
    expect(list.status).toBe(200);
    expect(list.json['@odata.context']).toBe(metadata('roleGroups'));
    expect(list.json.value).toEqual([
      { id: 'staff', displayName: 'Staff', roles: STAFF_ROLE_CODES.map((code) => ({ code })) },
      { id: 'students', displayName: 'Students', roles: [{ code: 'student' }] },
    ]);
    expect(STAFF_ROLE_CODES).toHaveLength(29);

    const students = await call('GET', `${root()}/RoleGroups/students`);
    expect(students.status).toBe(200);
    expect(students.json).toEqual({ '@odata.context': metadata('roleGroups/$entity'), id: 'students', displayName: 'Students', roles: [{ code: 'student' }] });
    expect(emu.roleGroup('staff')?.roles).toHaveLength(29);

    expectError(await call('GET', `${root()}/roleGroups/teachers`), 404, 'itemNotFound', /teachers/);
    expectError(await call('GET', `${root()}/roleGroups/Staff`), 404, 'itemNotFound');
  });

  test('list paging: pageSize 1 is 2 pages', async () => {
    emu.pageSize = 1;
    const pages = await allPages(`${root()}/roleGroups`);
    expect(pages.map((p) => p.value.map((g: any) => g.id))).toEqual([['staff'], ['students']]);
  });

  test('emu.roleGroupsForbidden: both routes are 403 accessDenied naming IndustryData-ReferenceDefinition.Read.All', async () => {
    emu.roleGroupsForbidden = true;
    for (const url of [`${root()}/roleGroups`, `${root()}/roleGroups/staff`, `${root()}/roleGroups/teachers`]) {
      expectError(await call('GET', url), 403, 'accessDenied', 'Missing IndustryData-ReferenceDefinition.Read.All');
    }
    emu.roleGroupsForbidden = false;
    expect((await call('GET', `${root()}/roleGroups/staff`)).status).toBe(200);
  });
});

describe('routing', () => {
  test('every new route needs a bearer token (401 InvalidAuthenticationToken)', async () => {
    const routes: [string, string][] = [
      ['GET', setsUrl()],
      ['POST', setsUrl()],
      ['GET', setUrl(SEED.setId)],
      ['PATCH', setUrl(SEED.setId)],
      ['DELETE', setUrl(SEED.setId)],
      ['GET', flowsUrl(SEED.setId)],
      ['POST', flowsUrl(SEED.emptySetId)],
      ['DELETE', flowUrl(SEED.setId, SEED.userFlowId)],
      ['POST', `${flowUrl(SEED.setId, SEED.userFlowId)}/reset`],
      ['GET', `${root()}/roleGroups`],
      ['GET', `${root()}/roleGroups/staff`],
    ];
    for (const [method, url] of routes) {
      const res = await fetch(url, { method });
      expect([method, url, res.status]).toEqual([method, url, 401]);
      expect(((await res.json()) as any).error.code).toBe('InvalidAuthenticationToken');
    }
    expect(emu.sets.size).toBe(2);
    expect(emu.flows.size).toBe(4);
    expect(emu.resets).toEqual([]);
  });

  test('unknown routes and methods stay 404', async () => {
    const misses: [string, string][] = [
      ['GET', `${root()}/referenceDefinitions`],
      ['PUT', setUrl(SEED.setId)],
      ['POST', setUrl(SEED.setId)],
      ['PATCH', setsUrl()],
      ['GET', `${setsUrl()}/`],
      ['POST', `${root()}/roleGroups`],
      ['GET', `${flowUrl(SEED.setId, SEED.userFlowId)}/extra`],
    ];
    for (const [method, url] of misses) {
      const res = await call(method, url);
      expect([method, url, res.status]).toEqual([method, url, 404]);
    }
  });

  test('a queued reply still comes first on the new routes', async () => {
    emu.queue('POST', { graphError: { status: 503, code: 'serviceNotAvailable', message: 'try later', headers: { 'Retry-After': '2' } } });
    const res = await call('POST', setsUrl(), { displayName: 'Queued' });
    expectError(res, 503, 'serviceNotAvailable');
    expect(res.headers.get('retry-after')).toBe('2');
    expect(emu.sets.size).toBe(2);
    expect((await call('POST', setsUrl(), { displayName: 'Queued' })).status).toBe(201);
  });
});

describe('write-only passwords, as Graph keeps them', () => {
  const pointer = (index: number) => `/creationOptions/configurations/${index}/defaultPasswordSettings/password`;
  const roleGroupBind = (id: string) => `${emu.graphUrl}/external/industryData/roleGroups/${id}`;

  test('the seeded user flow holds real passwords; every read shows the mask', async () => {
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, pointer(0))).toBe(SEED_PASSWORDS.staff);
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, pointer(1))).toBe(SEED_PASSWORDS.students);
    const text = JSON.stringify([(await call('GET', flowUrl(SEED.setId, SEED.userFlowId))).json, (await call('GET', flowsUrl(SEED.setId))).json]);
    expect(text).not.toContain(SEED_PASSWORDS.staff);
    expect(text).not.toContain(SEED_PASSWORDS.students);
    expect(text).toContain(MASK);
  });

  test('a PATCH that leaves creationOptions out keeps them; one that carries configurations without them removes them', async () => {
    expect((await call('PATCH', flowUrl(SEED.setId, SEED.userFlowId), { '@odata.type': `${NS}.userProvisioningFlow`, createUnmatchedUsers: false })).status).toBe(204);
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, pointer(0))).toBe(SEED_PASSWORDS.staff);
    const configurations = [
      { 'roleGroup@odata.bind': roleGroupBind('staff'), licenseSkus: ['Sku1'] },
      {
        'roleGroup@odata.bind': roleGroupBind('students'),
        licenseSkus: ['Sku2'],
        defaultPasswordSettings: { '@odata.type': `${NS}.simplePasswordSettings`, password: 'New-Students-1!' },
      },
    ];
    expect((await call('PATCH', flowUrl(SEED.setId, SEED.userFlowId), { '@odata.type': `${NS}.userProvisioningFlow`, creationOptions: { configurations } })).status).toBe(204);
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/creationOptions/configurations/0/defaultPasswordSettings')).toBeUndefined();
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, pointer(1))).toBe('New-Students-1!');
    const read = (await call('GET', flowUrl(SEED.setId, SEED.userFlowId))).json;
    expect(read.creationOptions.configurations[0].defaultPasswordSettings).toBeUndefined();
    expect(read.creationOptions.configurations[1].defaultPasswordSettings.password).toBe(MASK);
  });
});
