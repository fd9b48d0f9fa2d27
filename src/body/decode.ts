import { InvalidInputError } from '../errors.js';

/**
 * Bytes → text. UTF-8 with or without BOM, and UTF-16 LE/BE with BOM (what Windows PowerShell
 * 5.1's `Out-File` and `>` write) are accepted; anything else that is not valid UTF-8 is refused
 * with a hint instead of being silently mangled.
 */
export function decodeBody(bytes: Buffer, origin: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3), origin);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'le', origin);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'be', origin);
  if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) {
    throw new InvalidInputError(`${origin} looks like UTF-16 without a byte-order mark`, {
      hint: 'save it as UTF-8 (PowerShell: Set-Content -Encoding utf8), or as UTF-16 with a BOM',
    });
  }
  return utf8(bytes, origin);
}

function utf8(bytes: Buffer, origin: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidInputError(`${origin} is not valid UTF-8 text`, {
      hint: 'save the body as UTF-8 (or UTF-16 with a byte-order mark)',
    });
  }
}

function utf16(bytes: Buffer, order: 'le' | 'be', origin: string): string {
  if (bytes.length % 2 !== 0) throw new InvalidInputError(`${origin} is truncated UTF-16 (an odd number of bytes)`);
  const le = order === 'le' ? bytes : Buffer.from(bytes).swap16();
  try {
    return new TextDecoder('utf-16le', { fatal: true }).decode(le);
  } catch {
    throw new InvalidInputError(`${origin} is not valid UTF-16 text`);
  }
}
