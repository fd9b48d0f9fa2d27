import { describe, expect, test } from '@jest/globals';
import { collectPasswords, MASK, maskPasswords, SecretScrubber } from '../../src/secrets.js';

const T = '#microsoft.graph.industryData.';

describe('maskPasswords', () => {
  test('MASK is eight stars', () => {
    expect(MASK).toBe('********');
  });

  test('masks a password at any depth, in arrays too, keeping everything else', () => {
    const body = {
      displayName: 'Lincoln',
      password: 'top-level-secret',
      creationOptions: {
        configurations: [
          { roleGroup: 'students', passwordSettings: { '@odata.type': `${T}simplePasswordSettings`, password: 'Welcome-2025!' } },
          { roleGroup: 'staff', passwordSettings: { '@odata.type': `${T}simplePasswordSettings`, password: 'Staff-2025!' } },
        ],
      },
      list: [[{ password: 'deep' }], 'password', 42, null, true],
    };
    expect(maskPasswords(body)).toEqual({
      displayName: 'Lincoln',
      password: MASK,
      creationOptions: {
        configurations: [
          { roleGroup: 'students', passwordSettings: { '@odata.type': `${T}simplePasswordSettings`, password: MASK } },
          { roleGroup: 'staff', passwordSettings: { '@odata.type': `${T}simplePasswordSettings`, password: MASK } },
        ],
      },
      list: [[{ password: MASK }], 'password', 42, null, true],
    });
  });

  test('the key is matched case-insensitively', () => {
    expect(maskPasswords({ Password: 'a1b2', PASSWORD: 'c3d4', passWord: 'e5f6' })).toEqual({ Password: MASK, PASSWORD: MASK, passWord: MASK });
  });

  test('only a member named exactly "password" (in any case) is masked', () => {
    const body = { passwordSettings: { x: 'y' }, newPassword: 'visible', password2: 'visible' };
    expect(maskPasswords(body)).toEqual(body);
  });

  test('an empty password string is masked too', () => {
    expect(maskPasswords({ password: '' })).toEqual({ password: MASK });
  });

  test('a non-string password is left alone ($env references stay readable)', () => {
    const body = { a: { password: { $env: 'SDS_PASSWORD' } }, b: { password: null }, c: { password: 12345 } };
    expect(maskPasswords(body)).toEqual(body);
  });

  test('a string password inside an object-valued password member is masked', () => {
    expect(maskPasswords({ password: { password: 'inner' } })).toEqual({ password: { password: MASK } });
  });

  test('the original is not mutated, and the copy shares no objects with it', () => {
    const body = { a: { password: 'secret-1' }, l: [{ password: 'secret-2' }] };
    const before = structuredClone(body);
    const masked = maskPasswords(body);
    expect(body).toEqual(before);
    expect(masked.a).not.toBe(body.a);
    expect(masked.l).not.toBe(body.l);
    expect(masked.l[0]).not.toBe(body.l[0]);
  });

  test('scalars pass through', () => {
    expect(maskPasswords('password')).toBe('password');
    expect(maskPasswords(null)).toBeNull();
    expect(maskPasswords(7)).toBe(7);
  });

  test('a "__proto__" member (kept by the parser) stays an own member of the copy', () => {
    const body = JSON.parse('{"__proto__": {"password": "hidden-1"}, "x": 1}') as Record<string, unknown>;
    const masked = maskPasswords(body);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(JSON.stringify(masked)).toBe(`{"__proto__":{"password":"${MASK}"},"x":1}`);
  });
});

describe('collectPasswords', () => {
  test('every string password, at any depth, any case, in order', () => {
    const body = {
      password: 'one1',
      nested: { Password: 'two2', list: [{ PASSWORD: 'three' }, { other: 'x' }] },
      deep: [[{ password: 'four' }]],
    };
    expect(collectPasswords(body)).toEqual(['one1', 'two2', 'three', 'four']);
  });

  test('non-string passwords are not collected, but searched inside', () => {
    expect(collectPasswords({ password: { $env: 'X' }, b: { password: null }, c: { password: 5 }, d: { password: { password: 'in' } } })).toEqual(['in']);
  });

  test('nothing to find', () => {
    expect(collectPasswords({ a: 'password', b: ['password'] })).toEqual([]);
    expect(collectPasswords(null)).toEqual([]);
    expect(collectPasswords('password')).toEqual([]);
  });

  test('appends to the given list', () => {
    const found = ['earlier'];
    expect(collectPasswords({ password: 'later' }, found)).toBe(found);
    expect(found).toEqual(['earlier', 'later']);
  });
});

describe('SecretScrubber', () => {
  test('masks every occurrence', () => {
    const s = new SecretScrubber();
    s.add('eyJ0eXAi.token.sig');
    expect(s.scrub('Authorization: Bearer eyJ0eXAi.token.sig; again eyJ0eXAi.token.sig!')).toBe(`Authorization: Bearer ${MASK}; again ${MASK}!`);
  });

  test('masks several secrets', () => {
    const s = new SecretScrubber();
    s.add('alpha-secret');
    s.add('beta-secret');
    expect(s.scrub('alpha-secret beta-secret')).toBe(`${MASK} ${MASK}`);
  });

  test('masks the JSON-escaped form of a secret', () => {
    const s = new SecretScrubber();
    const secret = 'pa"ss\\word';
    s.add(secret);
    const dump = JSON.stringify({ password: secret });
    expect(dump).toContain('pa\\"ss\\\\word');
    expect(s.scrub(dump)).toBe(`{"password":"${MASK}"}`);
    expect(s.scrub(`raw: ${secret}`)).toBe(`raw: ${MASK}`);
  });

  test('masks a secret with control characters in its escaped form', () => {
    const s = new SecretScrubber();
    s.add('tab\there');
    expect(s.scrub(JSON.stringify({ p: 'tab\there' }))).toBe(`{"p":"${MASK}"}`);
  });

  test('the longest secret first: a secret containing another is masked whole', () => {
    const s = new SecretScrubber();
    s.add('abcd');
    s.add('abcdefgh-long');
    expect(s.scrub('x abcdefgh-long y abcd z')).toBe(`x ${MASK} y ${MASK} z`);
    // Added in the other order: same result.
    const t = new SecretScrubber();
    t.add('abcdefgh-long');
    t.add('abcd');
    expect(t.scrub('x abcdefgh-long y abcd z')).toBe(`x ${MASK} y ${MASK} z`);
  });

  test('secrets shorter than 4 characters are ignored', () => {
    const s = new SecretScrubber();
    s.add('a');
    s.add('abc');
    s.add('');
    s.add(undefined);
    expect(s.scrub('a abc abcd')).toBe('a abc abcd');
  });

  test('a secret of exactly 4 characters is masked', () => {
    const s = new SecretScrubber();
    s.add('1234');
    expect(s.scrub('pin 1234 and 12345')).toBe(`pin ${MASK} and ${MASK}5`);
  });

  test('text without secrets is unchanged', () => {
    const s = new SecretScrubber();
    expect(s.scrub('nothing here')).toBe('nothing here');
    s.add('secret-value');
    expect(s.scrub('nothing here')).toBe('nothing here');
  });

  test('regex characters in a secret are taken literally', () => {
    const s = new SecretScrubber();
    s.add('a.b*c+(d)');
    expect(s.scrub('aXbbc+(d) a.b*c+(d)')).toBe(`aXbbc+(d) ${MASK}`);
  });

  test('works with collectPasswords', () => {
    const s = new SecretScrubber();
    for (const p of collectPasswords({ x: { password: 'Welcome-2025!' } })) s.add(p);
    expect(s.scrub('PATCH body {"password":"Welcome-2025!"}')).toBe(`PATCH body {"password":"${MASK}"}`);
  });
});

describe("SecretScrubber: every spelling a secret can take in this tool's outputs", () => {
  const PASSWORD = 'P+ss<é>&"w/1 x\u{1F511}';
  const scrubber = (): SecretScrubber => {
    const s = new SecretScrubber();
    s.add(PASSWORD);
    return s;
  };
  /** Every character as a JSON \uXXXX escape, hex in the given case (how .NET writes non-ASCII and + & < >). */
  const allEscaped = (text: string, upper: boolean): string =>
    [...text]
      .flatMap((ch) => Array.from({ length: ch.length }, (_, i) => ch.charCodeAt(i)))
      .map((unit) => `\\u${upper ? unit.toString(16).padStart(4, '0').toUpperCase() : unit.toString(16).padStart(4, '0')}`)
      .join('');

  test.each([
    ['as typed', PASSWORD],
    ['inside a JSON string (JSON.stringify)', JSON.stringify(PASSWORD).slice(1, -1)],
    ['every character \\u-escaped, lower-case hex', allEscaped(PASSWORD, false)],
    ['every character \\u-escaped, upper-case hex', allEscaped(PASSWORD, true)],
    ['.NET style: + & < > and non-ASCII escaped, the rest as is', 'P\\u002Bss\\u003C\\u00E9\\u003E\\u0026\\"w\\/1 x\\uD83D\\uDD11'],
    ['URL-encoded (encodeURIComponent)', encodeURIComponent(PASSWORD)],
    ['URL-encoded with lower-case hex', encodeURIComponent(PASSWORD).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['a form body (space as +)', new URLSearchParams({ p: PASSWORD }).toString().slice(2)],
    ['base64', Buffer.from(PASSWORD).toString('base64')],
    ['base64url', Buffer.from(PASSWORD).toString('base64url')],
  ])('%s', (_name, spelling) => {
    const out = scrubber().scrub(`before ${spelling} after`);
    expect(out).toBe(`before ${MASK} after`);
  });

  test('a secret added twice, and text without secrets, are handled as before', () => {
    const s = scrubber();
    s.add(PASSWORD);
    expect(s.scrub('nothing secret here: P+ss')).toBe('nothing secret here: P+ss');
    expect(new SecretScrubber().scrub('no secrets at all')).toBe('no secrets at all');
  });

  test('a later secret is masked too (the pattern is rebuilt)', () => {
    const s = scrubber();
    expect(s.scrub('late-secret-value')).toBe('late-secret-value');
    s.add('late-secret-value');
    expect(s.scrub('a late-secret-value b')).toBe(`a ${MASK} b`);
  });
});
