// The shapes shared by export, plan and apply — one tenant's SDS described as files (the
// "estate"), what a plan would change, and what a run did per tenant. Pure types: no I/O here.
import type { FlowKind } from '../body/kinds.js';
import type { Change } from '../change/compare.js';

export type EstateObject = 'set' | 'flow';
export type EstateAction = 'create' | 'update' | 'delete';

/** One write a plan would make, in the order apply makes them. */
export interface EstateStep {
  /**
   * Stable across runs of the same plan (the apply state file records it): `set:<name>` or
   * `flow:<name>/<kind>`, where <name> is the set's display name.
   */
  key: string;
  action: EstateAction;
  object: EstateObject;
  /** The set's display name: its key across tenants. */
  setName: string;
  /** The live set's id; absent when this plan creates the set. */
  setId?: string;
  /** Flows only: the flow's type. */
  kind?: FlowKind;
  /** Flows only: the live flow's id; absent when this plan creates the flow. */
  flowId?: string;
  /** The file the wanted object comes from, relative to the folder (`sets/north/user.json`); absent for deletes. */
  file?: string;
  /** update: what changes, element by element (as `diff` shows it); empty for create and delete. */
  changes: Change[];
}

/** A live object that no file describes, left alone because --prune was not given. */
export interface UnmanagedObject {
  object: EstateObject;
  setName: string;
  setId: string;
  kind?: FlowKind;
  flowId?: string;
}

/** What one tenant would need to match the folder. */
export interface TenantPlan {
  steps: EstateStep[];
  unmanaged: UnmanagedObject[];
  /** Sets and flows that already match their files. */
  unchanged: number;
  /**
   * Write-only default passwords the folder names (as {"$env": …}) that the live flow also holds:
   * they cannot be compared, so they are no change; they are sent again whenever their
   * configuration list is.
   */
  writeOnlyPasswords: number;
}

/**
 * How a tenant's run ended:
 * - `unchanged`: plan found nothing to change; `changes`: plan found changes (nothing sent);
 * - `applied`: apply made every step (and verified each);
 * - `failed`: an error stopped the tenant (error says which, and `applied` what was done before it);
 * - `skipped`: not started (an earlier tenant failed without --continue-on-error, or Ctrl-C);
 * - `done-earlier`: apply --resume found the tenant finished by the interrupted run.
 */
export type TenantOutcome = 'unchanged' | 'changes' | 'applied' | 'failed' | 'skipped' | 'done-earlier';

export interface TenantError {
  exitCode: number;
  message: string;
  hint?: string;
}

export interface TenantResult {
  /** The fleet entry's name; for a run without a fleet, the tenant as the credential names it. */
  name: string;
  /** The tenant id or domain the run used (as configured), or null when no credential said. */
  tenant: string | null;
  outcome: TenantOutcome;
  /** Present once the tenant was planned. */
  plan?: TenantPlan;
  /** apply: the keys of the steps carried out and verified, in order. */
  applied: string[];
  /** apply: the backup file written before each write. */
  backups: string[];
  error?: TenantError;
}

/** One run of plan or apply over one tenant or a fleet. */
export interface EstateReport {
  command: 'plan' | 'apply';
  /** The folder as given on the command line. */
  folder: string;
  /** With --fleet: the fleet file as given. */
  fleet?: string;
  tenants: TenantResult[];
}
