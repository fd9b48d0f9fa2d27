// What a token source hands out, and the seam every command asks for one.

export interface Credential {
  token: string;
  /** Where the token came from, named on every write: "signed-in account", "app credentials (client secret)"… */
  source: string;
  /** Tenant id when the token or the sign-in says; undefined for opaque tokens. */
  tenant?: string;
  /** The user or app, when known. */
  principal?: string;
  /** When the token stops working, when known. */
  expiresOn?: Date;
  scopes?: string[];
}

/**
 * The one seam every command asks for a token. `forceRefresh` is for the single retry after a
 * 401; a source that cannot refresh returns the same token and the caller gives up.
 */
export interface TokenProvider {
  getCredential(options?: { forceRefresh?: boolean }): Promise<Credential>;
}
