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

/** Secrets shorter than this are not scrubbed from free text: masking "a" would garble everything. */
const MIN_SCRUB_LENGTH = 4;

export class SecretScrubber {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SCRUB_LENGTH) return;
    // The same secret may appear JSON-escaped in a dump, URL-encoded in a form body or a query,
    // or base64-encoded in a header: mask every spelling.
    const spellings = [
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
      Buffer.from(secret, 'utf8').toString('base64'),
      Buffer.from(secret, 'utf8').toString('base64url'),
    ];
    for (const spelling of spellings) this.secrets.add(spelling);
  }

  scrub(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out;
  }
}

/** A deep copy in which every member named `password` (any case) holding a string is masked. */
export function maskPasswords<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => maskPasswords(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      // defineProperty: a "__proto__" member must stay a member, not become the copy's prototype.
      Object.defineProperty(out, key, {
        value: isPasswordKey(key) && typeof member === 'string' ? MASK : maskPasswords(member),
        enumerable: true,
        writable: true,
        configurable: true,
      });
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
