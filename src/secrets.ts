import { setOwn } from './own-member.js';

/**
 * The last line of defence for secrets (tokens, the Authorization header, client secrets, body
 * passwords never appear in any output): every byte the tool writes passes through a scrubber that
 * knows the secrets of this run (the token, body passwords), so a secret that slipped into a
 * message, a debug dump or a Graph error echo is still shown only as a mask.
 */
export const MASK = '********';

/** A member named `password` (any case) is write-only and secret wherever it sits in a body. */
export const isPasswordKey = (key: string): boolean => key.toLowerCase() === 'password';
export const isPasswordPointer = (pointer: string): boolean => isPasswordKey(pointer.slice(pointer.lastIndexOf('/') + 1));
/** What Graph returns for a password ("***************"), or an empty one: never a real password. */
export const isMaskedPassword = (value: unknown): value is string => typeof value === 'string' && /^\**$/.test(value);

/** Secrets shorter than this are not scrubbed from free text: masking "a" would garble everything. */
const MIN_SCRUB_LENGTH = 4;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Either case of each hex digit: "00e9" → "00[eE]9". */
const anyCase = (hexDigits: string): string => hexDigits.replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
/** JSON's two-character escapes, as patterns for the text (a backslash, then the letter). */
const JSON_SHORT: Record<string, string> = { '"': '\\\\"', '\\': '\\\\\\\\', '/': '\\\\/', '\b': '\\\\b', '\f': '\\\\f', '\n': '\\\\n', '\r': '\\\\r', '\t': '\\\\t' };

/**
 * One pattern that matches the secret however a writer spelled each of its characters: as itself,
 * as a JSON \uXXXX escape (any hex case; .NET escapes non-ASCII and + & < > that way), as a JSON
 * short escape, or percent-encoded (either hex case; a space also as "+" in a form body). Any mix
 * of these within one string matches too.
 */
function spellingsPattern(secret: string): string {
  let pattern = '';
  for (const char of secret) {
    const units = Array.from({ length: char.length }, (_, i) => char.charCodeAt(i));
    const choices = [
      escapeRegExp(char),
      units.map((unit) => `\\\\u${anyCase(unit.toString(16).padStart(4, '0'))}`).join(''),
      [...Buffer.from(char, 'utf8')].map((byte) => `%${anyCase(byte.toString(16).padStart(2, '0'))}`).join(''),
    ];
    if (JSON_SHORT[char]) choices.push(JSON_SHORT[char]);
    if (char === ' ') choices.push('\\+');
    pattern += `(?:${choices.join('|')})`;
  }
  return pattern;
}

export class SecretScrubber {
  private readonly secrets = new Set<string>();
  /** Built on first use after a secret is added; the full pattern only when a text needs it. */
  private literal: RegExp | undefined;
  private spelled: RegExp | undefined;
  private escapeMark: RegExp | undefined;

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SCRUB_LENGTH || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.literal = this.spelled = this.escapeMark = undefined;
  }

  scrub(text: string): string {
    if (this.secrets.size === 0) return text;
    // Every spelling but the plain one starts with a backslash or a percent sign (or is a "+" for a
    // space): text without them can only hold a secret as itself, and the small literal pattern is
    // enough. The full pattern is costly to compile (hundreds of ms for a long token), so it is
    // only built and run when an escaped spelling is possible at all.
    this.escapeMark ??= [...this.secrets].some((secret) => secret.includes(' ')) ? /[\\%+]/ : /[\\%]/;
    if (!this.escapeMark.test(text)) {
      this.literal ??= this.pattern((secret) => escapeRegExp(secret));
      return text.replace(this.literal, MASK);
    }
    this.spelled ??= this.pattern(spellingsPattern);
    return text.replace(this.spelled, MASK);
  }

  private pattern(spelling: (secret: string) => string): RegExp {
    // Base64 and base64url spellings are whole-value encodings (a header, a token part): matched
    // as they are. Longest first, so a secret that contains another is masked whole.
    const alternatives = [...this.secrets]
      .sort((a, b) => b.length - a.length)
      .flatMap((secret) => [spelling(secret), escapeRegExp(Buffer.from(secret, 'utf8').toString('base64')), escapeRegExp(Buffer.from(secret, 'utf8').toString('base64url'))]);
    return new RegExp(alternatives.join('|'), 'g');
  }
}

/** A deep copy in which every member named `password` (any case) holding a string is masked. */
export function maskPasswords<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => maskPasswords(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      setOwn(out, key, isPasswordKey(key) && typeof member === 'string' ? MASK : maskPasswords(member));
    }
    return out as T;
  }
  return value;
}

/** Every password string in a body, so the scrubber can learn them. */
export function collectPasswords(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectPasswords(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      if (isPasswordKey(key) && typeof member === 'string') found.push(member);
      else collectPasswords(member, found);
    }
  }
  return found;
}
