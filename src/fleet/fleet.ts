/**
 * A fleet file names the tenants `plan --fleet` and `apply --fleet` work through (a partner's
 * districts), each with the variables its files are filled in with. schemas/fleet.json describes
 * the format for editors; fleet-check.ts holds the same rules, so reading a fleet needs no schema
 * compiler.
 */
export interface Fleet {
  /** The file as given on the command line. */
  path: string;
  tenants: FleetTenant[];
}

export interface FleetTenant {
  /** How output and --tenants name the entry: unique in the fleet, ignoring case. */
  name: string;
  /** The tenant id (a GUID) or one of its domain names. */
  tenant: string;
  /** The edu-flow profile whose sign-in settings the entry uses. */
  profile?: string;
  tags: string[];
  /** The top-level defaults with the entry's own variables over them; a copy per tenant. */
  variables: Record<string, unknown>;
}
