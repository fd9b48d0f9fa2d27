import { describe, expect, test } from '@jest/globals';
import { decodeBody } from '../../src/body/decode.js';
import { refused } from '../helpers/expect-error.js';

const TEXT = '{"displayName": "Schüler – Ω 🎓"}';
const utf16le = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('decodeBody: accepted encodings', () => {
  test('UTF-8 without BOM, non-ASCII text intact', () => {
    expect(decodeBody(Buffer.from(TEXT, 'utf8'), 'body.json')).toBe(TEXT);
  });

  test('UTF-8 with BOM: the BOM is dropped', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]);
    const text = decodeBody(bytes, 'body.json');
    expect(text).toBe(TEXT);
    expect(text.charCodeAt(0)).toBe(0x7b);
  });

  test('UTF-16 LE with BOM (Windows PowerShell 5.1)', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(TEXT)]);
    expect(decodeBody(bytes, 'body.json')).toBe(TEXT);
  });

  test('UTF-16 BE with BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]);
    expect(decodeBody(bytes, 'body.json')).toBe(TEXT);
  });

  test('"Schüler" survives every accepted encoding', () => {
    const word = 'Schüler';
    expect(decodeBody(Buffer.from(word), 'x')).toBe(word);
    expect(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(word)]), 'x')).toBe(word);
    expect(decodeBody(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(word)]), 'x')).toBe(word);
    expect(decodeBody(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(word)]), 'x')).toBe(word);
  });

  test('an empty buffer decodes to an empty string (parse reports the empty body)', () => {
    expect(decodeBody(Buffer.alloc(0), 'x')).toBe('');
  });

  test('a BOM-only UTF-16 file decodes to an empty string', () => {
    expect(decodeBody(Buffer.from([0xff, 0xfe]), 'x')).toBe('');
  });
});

describe('decodeBody: refused input (exit 3)', () => {
  test('UTF-16 LE without BOM is refused with a hint', () => {
    const error = refused(() => decodeBody(utf16le('{"a":1}'), 'body.json'));
    expect(error.message).toContain('body.json');
    expect(error.message).toContain('UTF-16 without a byte-order mark');
    expect(error.hint).toMatch(/UTF-8/);
    expect(error.hint).toMatch(/BOM/);
  });

  test('UTF-16 BE without BOM is refused with a hint', () => {
    const error = refused(() => decodeBody(utf16be('{"a":1}'), 'stdin'));
    expect(error.message).toContain('stdin');
    expect(error.message).toContain('UTF-16 without a byte-order mark');
    expect(error.hint).toBeDefined();
  });

  test('invalid UTF-8 is refused, not mangled into U+FFFD', () => {
    // Latin-1 "Schüler": 0xfc is not valid UTF-8.
    const error = refused(() => decodeBody(Buffer.from('{"n":"Sch\xfcler"}', 'latin1'), 'body.json'));
    expect(error.message).toBe('body.json is not valid UTF-8 text');
    expect(error.hint).toMatch(/UTF-8/);
  });

  test('invalid UTF-8 after a UTF-8 BOM is refused', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0x7b, 0xc3, 0x28, 0x7d])]);
    expect(refused(() => decodeBody(bytes, 'f')).message).toContain('not valid UTF-8');
  });

  test('odd-length UTF-16 LE is refused as truncated', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le('{}'), Buffer.from([0x20])]);
    const error = refused(() => decodeBody(bytes, 'body.json'));
    expect(error.message).toContain('body.json');
    expect(error.message).toContain('truncated UTF-16');
  });

  test('odd-length UTF-16 BE is refused as truncated', () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('{}'), Buffer.from([0x00])]);
    expect(refused(() => decodeBody(bytes, 'f')).message).toContain('odd number of bytes');
  });

  test('UTF-16 with a lone surrogate is refused', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0x7b, 0x00, 0x00, 0xd8, 0x7d, 0x00])]);
    expect(refused(() => decodeBody(bytes, 'f')).message).toBe('f is not valid UTF-16 text');
  });
});
