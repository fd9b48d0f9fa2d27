import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MAX_BODY_BYTES, readBodyText, readStdinText } from '../../src/body/read.js';
import { InvalidInputError } from '../../src/errors.js';
import { rejected } from '../helpers/expect-error.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edu-flow-read-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A stdin that must not be touched. */
const untouchedStdin = () =>
  new Readable({
    read() {
      throw new Error('stdin was read although a file was given');
    },
  });

const refused = (promise: Promise<unknown>) => rejected(promise, InvalidInputError, 3);

describe('readBodyText: files', () => {
  test('MAX_BODY_BYTES is 4 MiB', () => {
    expect(MAX_BODY_BYTES).toBe(4 * 1024 * 1024);
  });

  test('reads a UTF-8 file; the origin is the path as given', async () => {
    const file = join(dir, 'flow.json');
    writeFileSync(file, '{"displayName": "Schüler"}\n');
    await expect(readBodyText(file, untouchedStdin())).resolves.toEqual({ text: '{"displayName": "Schüler"}\n', origin: file });
  });

  test('reads a UTF-16 LE file with BOM (PowerShell 5.1)', async () => {
    const file = join(dir, 'ps.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a": "ü"}', 'utf16le')]));
    expect((await readBodyText(file, untouchedStdin())).text).toBe('{"a": "ü"}');
  });

  test('an empty file reads as empty text (parsing refuses it later)', async () => {
    const file = join(dir, 'empty.json');
    writeFileSync(file, '');
    expect((await readBodyText(file, untouchedStdin())).text).toBe('');
  });

  test('a file of exactly 4 MiB is read', async () => {
    const file = join(dir, 'exact.json');
    writeFileSync(file, Buffer.alloc(MAX_BODY_BYTES, 0x20));
    expect((await readBodyText(file, untouchedStdin())).text).toHaveLength(MAX_BODY_BYTES);
  });

  test('a missing file → exit 3, "does not exist"', async () => {
    const file = join(dir, 'nope.json');
    const error = await refused(readBodyText(file, untouchedStdin()));
    expect(error.message).toBe(`${file} does not exist`);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  test('a file under a missing folder → "does not exist"', async () => {
    const error = await refused(readBodyText(join(dir, 'no-such-dir', 'x.json'), untouchedStdin()));
    expect(error.message).toContain('does not exist');
  });

  test('a folder → exit 3, "is a folder"', async () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const error = await refused(readBodyText(folder, untouchedStdin()));
    expect(error.message).toBe(`${folder} is a folder, not a body file`);
  });

  test('a path through a file (ENOTDIR) → exit 3 with the code', async () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, '{}');
    const error = await refused(readBodyText(join(file, 'x.json'), untouchedStdin()));
    expect(error.message).toContain('cannot be read (ENOTDIR)');
  });

  test('a file over 4 MiB is refused, saying 4 MiB', async () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, Buffer.alloc(MAX_BODY_BYTES + 1, 0x20));
    const error = await refused(readBodyText(file, untouchedStdin()));
    expect(error.message).toContain(file);
    expect(error.message).toContain('at most 4 MiB');
    expect(error.message).not.toContain('  ');
    expect(error.hint).toContain('right file');
  });

  test('a file just over 4 MiB does not claim to be "4.0 MiB" (which reads as allowed)', async () => {
    const file = join(dir, 'just-over.json');
    writeFileSync(file, Buffer.alloc(MAX_BODY_BYTES + 1, 0x20));
    const error = await refused(readBodyText(file, untouchedStdin()));
    // "x is 4.0 MiB; a body may be at most 4 MiB" contradicts itself.
    expect(error.message).not.toMatch(/ is 4\.0 MiB/);
  });

  test('a 10 MiB file names its size', async () => {
    const file = join(dir, 'bigger.json');
    writeFileSync(file, Buffer.alloc(10 * 1024 * 1024, 0x20));
    const error = await refused(readBodyText(file, untouchedStdin()));
    expect(error.message).toBe(`${file} is 10485760 bytes; a body may be at most 4 MiB (4194304 bytes)`);
  });

  test('decoding errors name the file', async () => {
    const file = join(dir, 'latin1.json');
    writeFileSync(file, Buffer.from('{"a":"\xfc"}', 'latin1'));
    const error = await refused(readBodyText(file, untouchedStdin()));
    expect(error.message).toBe(`${file} is not valid UTF-8 text`);
  });
});

describe('readBodyText: "-" reads the given stdin stream', () => {
  test('buffer chunks are joined', async () => {
    const stdin = Readable.from([Buffer.from('{"a":'), Buffer.from(' "Sch'), Buffer.from('üler"}')]);
    await expect(readBodyText('-', stdin)).resolves.toEqual({ text: '{"a": "Schüler"}', origin: 'stdin' });
  });

  test('a multi-byte character split across chunks survives', async () => {
    const bytes = Buffer.from('{"a":"ü"}');
    const split = bytes.indexOf(0xc3) + 1;
    const stdin = Readable.from([bytes.subarray(0, split), bytes.subarray(split)]);
    expect((await readBodyText('-', stdin)).text).toBe('{"a":"ü"}');
  });

  test('string chunks are accepted', async () => {
    expect((await readBodyText('-', Readable.from(['{"a":', '1}']))).text).toBe('{"a":1}');
  });

  test('UTF-16 LE with BOM on stdin (PowerShell pipe)', async () => {
    const stdin = Readable.from([Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"b":2}', 'utf16le')])]);
    expect((await readBodyText('-', stdin)).text).toBe('{"b":2}');
  });

  test('an empty stdin reads as empty text', async () => {
    await expect(readBodyText('-', Readable.from([]))).resolves.toEqual({ text: '', origin: 'stdin' });
  });

  test('a stream over 4 MiB is refused, saying 4 MiB, and is not read to the end', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let pulled = 0;
    function* chunks() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield chunk;
      }
    }
    const error = await refused(readBodyText('-', Readable.from(chunks())));
    expect(error.message).toContain('stdin is more than');
    expect(error.message).toContain('at most 4 MiB');
    expect(pulled).toBeLessThan(100);
  });

  test('decoding errors name stdin', async () => {
    const error = await refused(readBodyText('-', Readable.from([Buffer.from([0x7b, 0xff, 0x7d])])));
    expect(error.message).toBe('stdin is not valid UTF-8 text');
  });
});

describe('readStdinText', () => {
  test('reads the stream as stdin', async () => {
    await expect(readStdinText(Readable.from([Buffer.from('{}')]))).resolves.toEqual({ text: '{}', origin: 'stdin' });
  });

  test('over 4 MiB is refused', async () => {
    const error = await refused(readStdinText(Readable.from([Buffer.alloc(MAX_BODY_BYTES), Buffer.from('x')])));
    expect(error.message).toContain('4 MiB');
  });
});
