import { describe, expect, test } from '@jest/globals';
import { EduFlowError, exitCodeForStatus, GraphError } from '../../src/errors.js';
import { graphErrorFrom } from '../../src/graph/graph-error.js';

const URL = 'https://graph.microsoft.com/beta/external/industryData/outboundProvisioningFlowSets/s1/provisioningFlows/f1';
const OWN_ID = '11111111-1111-4111-8111-111111111111';

const odata = (status: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    error: {
      code: status === 404 ? 'ResourceNotFound' : 'BadRequest',
      message: status === 404 ? 'Flow f1 was not found.' : 'Invalid value for studentAgeGroup.',
      innerError: { date: '2025-10-15T12:00:00', 'request-id': 'req-inner', 'client-request-id': 'creq-inner' },
      ...extra,
    },
  });

const headers = { 'request-id': 'req-header', 'client-request-id': 'creq-header', date: 'Wed, 15 Oct 2025 12:00:01 GMT' };

describe('graphErrorFrom: an OData error body', () => {
  const error = graphErrorFrom(400, 'Bad Request', odata(400), headers, 'PATCH', URL, OWN_ID);

  test('is a GraphError (an EduFlowError) with exit 5 for 400', () => {
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toBeInstanceOf(EduFlowError);
    expect(error.exitCode).toBe(5);
    expect(error.message).toBe('Invalid value for studentAgeGroup.');
  });

  test('keeps code, message, ids and date from innerError, plus method and URL', () => {
    expect(error.info).toEqual({
      status: 400,
      code: 'BadRequest',
      message: 'Invalid value for studentAgeGroup.',
      requestId: 'req-inner',
      clientRequestId: 'creq-inner',
      date: '2025-10-15T12:00:00',
      method: 'PATCH',
      url: URL,
    });
  });

  test('"innererror" (lower case) is read too', () => {
    const body = JSON.stringify({ error: { code: 'X', message: 'm', innererror: { 'request-id': 'r-lower', date: 'd-lower' } } });
    const e = graphErrorFrom(409, 'Conflict', body, {}, 'POST', URL, OWN_ID);
    expect(e.info).toMatchObject({ requestId: 'r-lower', date: 'd-lower', clientRequestId: OWN_ID });
  });

  test('without innerError: ids and date come from the headers', () => {
    const body = JSON.stringify({ error: { code: 'ResourceNotFound', message: 'gone' } });
    const e = graphErrorFrom(404, 'Not Found', body, headers, 'GET', URL, OWN_ID);
    expect(e.info).toMatchObject({ code: 'ResourceNotFound', message: 'gone', requestId: 'req-header', clientRequestId: 'creq-header', date: headers.date });
  });

  test('array-valued headers: the first value', () => {
    const e = graphErrorFrom(404, 'Not Found', '{"error":{"message":"x"}}', { 'request-id': ['r1', 'r2'] }, 'GET', URL, OWN_ID);
    expect(e.info.requestId).toBe('r1');
  });

  test('no ids anywhere: the client-request-id we sent', () => {
    const e = graphErrorFrom(404, 'Not Found', '{"error":{"message":"x"}}', {}, 'GET', URL, OWN_ID);
    expect(e.info.clientRequestId).toBe(OWN_ID);
    expect(e.info.requestId).toBeUndefined();
    expect(e.info.date).toBeUndefined();
  });

  test('non-string inner values are ignored, headers fill in', () => {
    const body = JSON.stringify({ error: { code: 7, message: 'm', innerError: { 'request-id': 42, date: { x: 1 } } } });
    const e = graphErrorFrom(400, '', body, headers, 'PATCH', URL, OWN_ID);
    expect(e.info.code).toBeUndefined();
    expect(e.info.requestId).toBe('req-header');
    expect(e.info.date).toBe(headers.date);
  });
});

describe('graphErrorFrom: bodies that are not an OData error', () => {
  test('an HTML page: "HTTP <status> <text>: <snippet>"', () => {
    const html = '<html>\n  <body>\n    <h1>502 Bad Gateway</h1>\n  </body>\n</html>';
    const e = graphErrorFrom(502, 'Bad Gateway', html, headers, 'PATCH', URL, OWN_ID);
    expect(e.message).toBe('HTTP 502 Bad Gateway: <html> <body> <h1>502 Bad Gateway</h1> </body> </html>');
    expect(e.info.code).toBeUndefined();
    expect(e.info.requestId).toBe('req-header');
    expect(e.exitCode).toBe(6);
  });

  test('a long body is cut to 200 characters', () => {
    const e = graphErrorFrom(500, 'Internal Server Error', 'x'.repeat(5000), {}, 'GET', URL, OWN_ID);
    expect(e.message).toBe(`HTTP 500 Internal Server Error: ${'x'.repeat(200)}`);
  });

  test('an empty body and no status text: just the status', () => {
    expect(graphErrorFrom(503, '', '', {}, 'GET', URL, OWN_ID).message).toBe('HTTP 503');
    expect(graphErrorFrom(404, 'Not Found', '   ', {}, 'GET', URL, OWN_ID).message).toBe('HTTP 404 Not Found');
  });

  test('JSON without "error", or with an empty message, falls back too', () => {
    expect(graphErrorFrom(400, 'Bad Request', '{"value":[]}', {}, 'GET', URL, OWN_ID).message).toBe('HTTP 400 Bad Request: {"value":[]}');
    const e = graphErrorFrom(400, 'Bad Request', '{"error":{"code":"BadRequest","message":""}}', {}, 'GET', URL, OWN_ID);
    expect(e.message).toMatch(/^HTTP 400 Bad Request/);
    expect(e.info.code).toBe('BadRequest');
  });

  test('"null" and an "error" string are not OData errors', () => {
    expect(graphErrorFrom(400, 'Bad Request', 'null', {}, 'GET', URL, OWN_ID).message).toBe('HTTP 400 Bad Request: null');
    expect(graphErrorFrom(400, 'Bad Request', '{"error":"boom"}', {}, 'GET', URL, OWN_ID).message).toBe('HTTP 400 Bad Request: {"error":"boom"}');
  });
});

describe('exit codes', () => {
  test.each([
    [400, 5],
    [404, 5],
    [405, 5],
    [409, 5],
    [412, 5],
    [401, 4],
    [403, 4],
    [429, 6],
    [500, 6],
    [502, 6],
    [503, 6],
    [504, 6],
  ])('exitCodeForStatus(%i) → %i', (status, code) => {
    expect(exitCodeForStatus(status)).toBe(code);
    expect(graphErrorFrom(status, '', odata(status), {}, 'GET', URL, OWN_ID).exitCode).toBe(code);
  });
});

describe('hints', () => {
  const hint = (status: number) => graphErrorFrom(status, '', odata(status), {}, 'PATCH', URL, OWN_ID).hint;

  test('403 names the IndustryData-OutboundFlow.ReadWrite.All permission and admin consent', () => {
    expect(hint(403)).toContain('IndustryData-OutboundFlow.ReadWrite.All');
    expect(hint(403)).toContain('admin consent');
  });

  test('a 403 names the permission that request needs: a read, the runs, an on-demand start, the licences', () => {
    const at = (method: string, path: string) => graphErrorFrom(403, '', odata(403), {}, method, `https://graph.microsoft.com/beta${path}`, OWN_ID).hint;
    expect(at('GET', '/external/industryData/outboundProvisioningFlowSets')).toContain('IndustryData-OutboundFlow.Read.All');
    expect(at('GET', '/external/industryData/runs')).toContain('IndustryData-Run.Read.All');
    expect(at('POST', '/external/industryData/runs/start')).toContain('IndustryData-Run.Start');
    expect(at('GET', '/subscribedSkus')).toContain('Organization.Read.All');
  });

  test('401 says the token was refused', () => {
    expect(hint(401)).toContain('access token');
  });

  test('404 points at the ids and `edu-flow list`', () => {
    expect(hint(404)).toContain('--set-id');
    expect(hint(404)).toContain('--flow-id');
    expect(hint(404)).toContain('edu-flow list');
  });

  test('429 and 5xx say to try again later', () => {
    expect(hint(429)).toContain('try again');
    expect(hint(503)).toContain('try again');
  });

  test('400 and 409 have no generic hint', () => {
    expect(hint(400)).toBeUndefined();
    expect(hint(409)).toBeUndefined();
  });
});
