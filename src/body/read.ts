import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { InvalidInputError } from '../errors.js';
import { decodeBody } from './decode.js';

/** Bodies above this are refused before parsing. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface BodyText {
  text: string;
  /** How errors name the source: the path as given, or "stdin". */
  origin: string;
}

/** Reads `-f <file>` (or stdin for "-"), refusing oversized input without reading it all. */
export async function readBodyText(file: string, stdin: Readable): Promise<BodyText> {
  if (file === '-') return { text: decodeBody(await readStream(stdin, 'stdin'), 'stdin'), origin: 'stdin' };
  return { text: decodeBody(await readFileCapped(file), file), origin: file };
}

export async function readStdinText(stdin: Readable): Promise<BodyText> {
  return { text: decodeBody(await readStream(stdin, 'stdin'), 'stdin'), origin: 'stdin' };
}

async function readFileCapped(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new InvalidInputError(`${path} is a folder, not a body file`);
    if (info.isFile() && info.size > MAX_BODY_BYTES) throw tooBig(path, info.size);
    // Not a regular file (a FIFO, /dev/stdin): read it as a stream with the same cap.
    return await readStream(handle.createReadStream({ autoClose: false }), path);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw fileError(path, error);
  } finally {
    await handle.close();
  }
}

async function readStream(stream: Readable, origin: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      stream.destroy();
      throw tooBig(origin, size, true);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function tooBig(origin: string, size: number, partial = false): InvalidInputError {
  // A stream is abandoned at the limit, so only "more than" is known about its size.
  const what = partial ? 'more than 4 MiB' : `${size} bytes`;
  return new InvalidInputError(`${origin} is ${what}; a body may be at most 4 MiB (${MAX_BODY_BYTES} bytes)`, {
    hint: 'a provisioning-flow body is a few KiB: check that this is the right file',
  });
}

function fileError(path: string, error: unknown): InvalidInputError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read (permission denied)'
        : code === 'EISDIR'
          ? 'is a folder, not a body file'
          : `cannot be read (${code ?? (error as Error).message})`;
  return new InvalidInputError(`${path} ${why}`, { cause: error });
}
