// One tenant's School Data Sync runs, worked out from the emulator's clock: the default schedule
// (a run every 12 hours at 00:00 and 12:00 UTC), runs a test scripts, and on-demand runs started
// through POST …/runs/start, with the service's throttle (five successful runs in 12 hours) and its
// rule that an on-demand run skips the next scheduled run due within 10 hours.
//
// Nothing happens in the background: each reading catches up with the clock. A run is not listed
// before its start, is `running` until start + duration, then shows its outcome. Its activities
// (one per provisioning flow of the tenant) are fixed the first time the run is looked at after
// its start, from the flows created by then (createdDateTime ≤ the run's start).
import { createHash } from 'node:crypto';
import { readClock, type EmulatorClock } from './clock.js';
import { stableUuid } from './entra-tokens.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** The default schedule's period: 12 hours, so runs at 00:00 and 12:00 UTC. */
export const DEFAULT_SCHEDULE_EVERY_MS = 12 * HOUR_MS;
/** How long a run lasts unless scripted otherwise. */
export const DEFAULT_RUN_DURATION_MS = 45 * MINUTE_MS;
/** The throttle: at most this many successful (not failed; running ones count) runs… */
export const RUN_LIMIT = 5;
/** …that started in this window before now. */
export const RUN_LIMIT_WINDOW_MS = 12 * HOUR_MS;
/** An on-demand run skips the next scheduled run when that one is due within this time of its start. */
export const ON_DEMAND_SKIP_WITHIN_MS = 10 * HOUR_MS;
/** A shorter period would make a clock jump create runs by the million. */
const MIN_SCHEDULE_EVERY_MS = MINUTE_MS;
/** More scheduled runs than this in one step of the clock is a test's mistake (a jump of years). */
const MAX_SLOTS_PER_STEP = 10_000;

export const RUN_OUTCOMES = ['completed', 'completedWithErrors', 'completedWithWarnings', 'failed'] as const;
/** How a run ends (industryDataRunStatus without `running` and `unknownFutureValue`). */
export type RunOutcome = (typeof RUN_OUTCOMES)[number];
/** industryDataRunStatus as the emulator answers it. */
export type RunStatus = 'running' | RunOutcome;
export const ACTIVITY_OUTCOMES = ['skipped', 'failed', 'completed', 'completedWithErrors', 'completedWithWarnings'] as const;
/** How an activity ends (industryDataActivityStatus without `inProgress` and `unknownFutureValue`). */
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];
/** industryDataActivityStatus as the emulator answers it. */
export type ActivityStatus = 'inProgress' | ActivityOutcome;
export const RUN_KINDS = ['scheduled', 'onDemand'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** microsoft.graph.publicErrorDetail */
export interface PublicErrorDetail {
  code?: string | null;
  message?: string | null;
  target?: string | null;
}

/** microsoft.graph.publicError (every member nullable). */
export interface PublicError {
  code?: string | null;
  message?: string | null;
  target?: string | null;
  details?: PublicErrorDetail[] | null;
  innerError?: Record<string, unknown> | null;
}

/** industryDataRunRoleCountMetric */
export interface RoleCount {
  role: string;
  count: number;
}

/** aggregatedInboundStatistics, as getStatistics answers it in `inboundTotals`. */
export interface InboundTotals {
  people: number;
  groups: number;
  organizations: number;
  memberships: number;
  errors: number;
  warnings: number;
  matchedPeopleByRole: RoleCount[];
  unmatchedPeopleByRole: RoleCount[];
}

/** How one flow's activity ends in a scripted run. */
export interface ActivityScript {
  status: ActivityOutcome;
  blockingError?: PublicError | null;
}

/** How a run goes: every member optional (defaults: 45 minutes, `completed`, no error). */
export interface RunScript {
  durationMs?: number;
  status?: RunOutcome;
  /** Shown once the run has ended (null while it runs). */
  blockingError?: PublicError | null;
  /**
   * By flow id. Unnamed flows end as the run does (completed → completed, failed → failed…), a
   * disabled flow is skipped; a scripted `skipped` shows from the run's start.
   */
  activities?: Record<string, ActivityScript>;
  /** Replaces members of getStatistics' inboundTotals (otherwise derived from the run id). */
  inboundTotals?: Partial<InboundTotals>;
  /** getStatistics' activityStatistics (default: [], as for a run of outbound flows only). */
  activityStatistics?: Record<string, unknown>[];
}

/** A run a test puts on the timeline. */
export interface ScriptedRun extends RunScript {
  startAt: Date;
  /**
   * Default 'scheduled': it then stands in for the default run of the nearest schedule slot (that
   * slot's run is not made). An 'onDemand' one skips the next default run due within 10 hours.
   */
  kind?: RunKind;
}

/** The error a refused start answers. */
export interface LimitReply {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/** One activity of a run, as it stands at the clock's reading. */
export interface ActivityView {
  id: string;
  setId: string;
  flowId: string;
  /** The flow's @odata.type when the activity was fixed. */
  flowType: string;
  displayName: string;
  status: ActivityStatus;
  blockingError: PublicError | null;
}

/** A run as it stands at the clock's reading (a copy: changing it changes nothing). */
export interface RunView {
  id: string;
  kind: RunKind;
  /** Where it came from: the default schedule, schedule(), or POST …/runs/start. */
  origin: 'schedule' | 'script' | 'start';
  displayName: string;
  startDateTime: string;
  /** Set once the run has ended. */
  endDateTime: string | null;
  /** `notStarted` only in list(), for a run whose start is still ahead. */
  status: RunStatus | 'notStarted';
  blockingError: PublicError | null;
  /** The status it ends (or ended) with. */
  outcome: RunOutcome;
  durationMs: number;
  /** [] until the run has started. */
  activities: ActivityView[];
  inboundTotals: InboundTotals;
  activityStatistics: Record<string, unknown>[];
}

/** The outcome of a start: the new run's id, or the limit's reply. */
export type StartResult = { accepted: true; id: string } | { accepted: false; reply: LimitReply };

/** `emu.runs(tenant?)`: a tenant's runs, for tests to script and inspect, and for the routes. */
export interface TenantRuns {
  /** Puts a run on the timeline; its id. TypeError/RangeError for a bad script. */
  schedule(run: ScriptedRun): string;
  /** Every run held, started or not, by start time (oldest first). */
  list(): RunView[];
  /** The runs POST …/runs/start accepted, in order. */
  startedOnDemand(): RunView[];
  /**
   * The default schedule's period in milliseconds (default 12 h: runs at 00:00 and 12:00 UTC), or
   * null for none. RangeError below one minute.
   */
  scheduleEvery: number | null;
  /** How long default and on-demand runs last (default 45 minutes). */
  defaultDurationMs: number;
  /** How the next accepted on-demand start goes (used once, then cleared). */
  nextOnDemand: RunScript | undefined;
  /** What a start beyond the limit answers (default 429 activityLimitReached). */
  limitReply: LimitReply;
  /** The runs that have started, newest first (what GET …/runs lists). */
  started(): RunView[];
  /** A run that has started, or undefined. */
  find(runId: string): RunView | undefined;
  /** An on-demand run now, unless the limit refuses it (what POST …/runs/start does). */
  start(): StartResult;
}

/** What a tenant's runs read: the shared clock and the tenant's store, live. */
export interface RunsContext {
  tenantId: string;
  clock: EmulatorClock;
  flows(): Map<string, Record<string, unknown>>;
  sets(): Map<string, Record<string, unknown>>;
}

export const DEFAULT_LIMIT_REPLY: Readonly<LimitReply> = {
  status: 429,
  code: 'activityLimitReached',
  message: 'The industry data service allows up to five successful runs every 12 hours. Try again later.',
};

interface StoredActivity {
  id: string;
  setId: string;
  flowId: string;
  flowType: string;
  displayName: string;
  disabled: boolean;
}

interface StoredRun {
  /** Creation order, to order runs that start at the same moment. */
  seq: number;
  id: string;
  kind: RunKind;
  origin: RunView['origin'];
  start: number;
  durationMs: number;
  outcome: RunOutcome;
  blockingError: PublicError | null;
  activityScript: Record<string, ActivityScript>;
  inboundTotals?: Partial<InboundTotals>;
  activityStatistics?: Record<string, unknown>[];
  /** Fixed the first time the run is looked at after its start. */
  activities?: StoredActivity[];
}

const ACTIVITY_OF_OUTCOME: Record<RunOutcome, ActivityOutcome> = {
  completed: 'completed',
  completedWithErrors: 'completedWithErrors',
  completedWithWarnings: 'completedWithWarnings',
  failed: 'failed',
};

const FLOW_LABELS: Record<string, string> = {
  '#microsoft.graph.industryData.userProvisioningFlow': 'User provisioning',
  '#microsoft.graph.industryData.classGroupProvisioningFlow': 'Class group provisioning',
  '#microsoft.graph.industryData.securityGroupProvisioningFlow': 'Security group provisioning',
  '#microsoft.graph.industryData.administrativeUnitProvisioningFlow': 'Administrative unit provisioning',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);
const iso = (time: number): string => new Date(time).toISOString();
/** `Run 2026-12-06 09:00 UTC`, as the service names its runs. */
const runName = (start: number): string => `Run ${iso(start).slice(0, 10)} ${iso(start).slice(11, 16)} UTC`;

function checkDuration(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`${what}: a number of milliseconds ≥ 0 is required, not ${String(value)}`);
  return value;
}

function checkError(value: unknown, what: string): PublicError | null | undefined {
  if (value === undefined || value === null) return value;
  if (!isObject(value)) throw new TypeError(`${what}: a publicError object or null is required`);
  return structuredClone(value) as PublicError;
}

/** A copy of `script` after checking every member; TypeError/RangeError name the bad one. */
function checkScript(script: unknown, what: string): RunScript {
  if (!isObject(script)) throw new TypeError(`${what}: an object is required`);
  const out: RunScript = {};
  if (script.durationMs !== undefined) out.durationMs = checkDuration(script.durationMs, `${what}.durationMs`);
  if (script.status !== undefined) {
    if (!isOneOf(RUN_OUTCOMES, script.status)) throw new RangeError(`${what}.status must be one of ${RUN_OUTCOMES.join(', ')}, not ${String(script.status)}`);
    out.status = script.status;
  }
  const blockingError = checkError(script.blockingError, `${what}.blockingError`);
  if (blockingError !== undefined) out.blockingError = blockingError;
  if (script.activities !== undefined) {
    if (!isObject(script.activities)) throw new TypeError(`${what}.activities: an object keyed by flow id is required`);
    out.activities = {};
    for (const [flowId, activity] of Object.entries(script.activities)) {
      const where = `${what}.activities[${flowId}]`;
      if (!isObject(activity)) throw new TypeError(`${where}: an object is required`);
      if (!isOneOf(ACTIVITY_OUTCOMES, activity.status)) throw new RangeError(`${where}.status must be one of ${ACTIVITY_OUTCOMES.join(', ')}, not ${String(activity.status)}`);
      out.activities[flowId] = { status: activity.status, blockingError: checkError(activity.blockingError, `${where}.blockingError`) ?? null };
    }
  }
  if (script.inboundTotals !== undefined) {
    if (!isObject(script.inboundTotals)) throw new TypeError(`${what}.inboundTotals: an object is required`);
    out.inboundTotals = structuredClone(script.inboundTotals) as Partial<InboundTotals>;
  }
  if (script.activityStatistics !== undefined) {
    if (!Array.isArray(script.activityStatistics) || !script.activityStatistics.every(isObject)) throw new TypeError(`${what}.activityStatistics: an array of objects is required`);
    out.activityStatistics = structuredClone(script.activityStatistics);
  }
  return out;
}

function checkLimitReply(value: unknown): LimitReply {
  if (!isObject(value)) throw new TypeError('limitReply: an object is required');
  const { status, code, message, headers } = value;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599)
    throw new RangeError(`limitReply.status must be a 4xx or 5xx status, not ${String(status)}`);
  if (typeof code !== 'string' || code === '') throw new TypeError('limitReply.code: a non-empty string is required');
  if (typeof message !== 'string') throw new TypeError('limitReply.message: a string is required');
  if (headers !== undefined && (!isObject(headers) || !Object.values(headers).every((h) => typeof h === 'string'))) {
    throw new TypeError('limitReply.headers: an object of strings is required');
  }
  return structuredClone({ status, code, message, ...(headers === undefined ? {} : { headers: headers as Record<string, string> }) });
}

/** Plausible inbound totals, the same for the same run id; errors and warnings follow the outcome once the run has ended. */
function totalsOf(run: StoredRun, ended: boolean): InboundTotals {
  const hash = createHash('sha256').update(run.id).digest();
  const pick = (offset: number, span: number) => hash.readUInt16BE(offset) % span;
  const people = 400 + pick(0, 4600);
  const students = Math.round(people * 0.82);
  const derived: InboundTotals = {
    people,
    groups: 40 + pick(2, 460),
    organizations: 1 + pick(4, 12),
    memberships: people * 4 + pick(6, 500),
    errors: ended && run.outcome === 'completedWithErrors' ? 1 + pick(8, 40) : ended && run.outcome === 'failed' ? 1 : 0,
    warnings: ended && run.outcome === 'completedWithWarnings' ? 1 + pick(10, 60) : 0,
    matchedPeopleByRole: [
      { role: 'student', count: students },
      { role: 'teacher', count: people - students },
    ],
    unmatchedPeopleByRole: [],
  };
  return { ...derived, ...structuredClone(run.inboundTotals ?? {}) };
}

export function createTenantRuns(ctx: RunsContext): TenantRuns {
  const runs: StoredRun[] = [];
  let seq = 0;
  /** Default runs are made for schedule slots from here on; unset until the first reading. */
  let horizon: number | undefined;
  let scheduleEvery: number | null = DEFAULT_SCHEDULE_EVERY_MS;
  let defaultDurationMs = DEFAULT_RUN_DURATION_MS;
  let nextOnDemand: RunScript | undefined;
  let limitReply: LimitReply = structuredClone(DEFAULT_LIMIT_REPLY);

  function add(kind: RunKind, origin: StoredRun['origin'], start: number, script: RunScript, id: string): StoredRun {
    const run: StoredRun = {
      seq: seq++,
      id,
      kind,
      origin,
      start,
      durationMs: script.durationMs ?? defaultDurationMs,
      outcome: script.status ?? 'completed',
      blockingError: script.blockingError ?? null,
      activityScript: script.activities ?? {},
      inboundTotals: script.inboundTotals,
      activityStatistics: script.activityStatistics,
    };
    runs.push(run);
    return run;
  }

  const newId = (origin: string, start: number) => stableUuid(`${ctx.tenantId}:run:${origin}:${seq}:${iso(start)}`);

  /** The first slot of the schedule strictly after `time`. */
  const slotAfter = (time: number, every: number) => (Math.floor(time / every) + 1) * every;

  /** A scripted scheduled run stands in for the slot nearest its start. */
  const covered = (slot: number, every: number) => runs.some((r) => r.origin === 'script' && r.kind === 'scheduled' && Math.round(r.start / every) * every === slot);

  /** An on-demand run skips the next slot when it is due within 10 hours of its start. */
  const skipped = (slot: number, every: number) => runs.some((r) => r.kind === 'onDemand' && slotAfter(r.start, every) === slot && slot - r.start <= ON_DEMAND_SKIP_WITHIN_MS);

  function activitiesAt(run: StoredRun): StoredActivity[] {
    const sets = ctx.sets();
    const activities: StoredActivity[] = [];
    for (const [key, flow] of ctx.flows()) {
      const created = Date.parse(String(flow.createdDateTime));
      // Flows created after the run started are not in it.
      if (Number.isFinite(created) && created > run.start) continue;
      const slash = key.indexOf('/');
      const setId = key.slice(0, slash);
      const flowId = key.slice(slash + 1);
      const flowType = String(flow['@odata.type'] ?? '');
      const setName = sets.get(setId)?.displayName;
      activities.push({
        id: stableUuid(`${run.id}:activity:${key}`),
        setId,
        flowId,
        flowType,
        displayName: `${FLOW_LABELS[flowType] ?? flowType.replace(/^#microsoft\.graph\.industryData\./, '')} (${typeof setName === 'string' ? setName : setId})`,
        disabled: flow.readinessStatus === 'disabled',
      });
    }
    return activities;
  }

  /** Catches up with the clock: the default runs whose slots it has passed, and the activities of runs that have started. */
  function sync(now: number): void {
    horizon ??= now; // runs before the first reading are not invented
    const every = scheduleEvery;
    if (every !== null && now >= horizon) {
      const first = Math.ceil(horizon / every) * every;
      const slots = Math.floor((now - first) / every) + 1;
      if (slots > MAX_SLOTS_PER_STEP) {
        throw new Error(`the emulator clock moved ${slots} schedule slots at once: set emu.runs().scheduleEvery = null before moving it that far`);
      }
      for (let slot = first; slot <= now; slot += every) {
        if (!covered(slot, every) && !skipped(slot, every)) add('scheduled', 'schedule', slot, {}, stableUuid(`${ctx.tenantId}:run:schedule:${iso(slot)}`));
      }
    }
    horizon = Math.max(horizon, now + 1);
    for (const run of runs) if (run.start <= now && run.activities === undefined) run.activities = activitiesAt(run);
  }

  function statusAt(run: StoredRun, now: number): RunView['status'] {
    if (now < run.start) return 'notStarted';
    return now < run.start + run.durationMs ? 'running' : run.outcome;
  }

  function activityView(run: StoredRun, activity: StoredActivity, ended: boolean): ActivityView {
    const script = run.activityScript[activity.flowId];
    let status: ActivityStatus;
    if (script?.status === 'skipped' || (script === undefined && activity.disabled)) status = 'skipped';
    else if (!ended) status = 'inProgress';
    else status = script?.status ?? ACTIVITY_OF_OUTCOME[run.outcome];
    const { disabled: _disabled, ...shown } = activity;
    return { ...shown, status, blockingError: ended ? structuredClone(script?.blockingError ?? null) : null };
  }

  function view(run: StoredRun, now: number): RunView {
    const status = statusAt(run, now);
    const ended = status !== 'notStarted' && status !== 'running';
    return {
      id: run.id,
      kind: run.kind,
      origin: run.origin,
      displayName: runName(run.start),
      startDateTime: iso(run.start),
      endDateTime: ended ? iso(run.start + run.durationMs) : null,
      status,
      blockingError: ended ? structuredClone(run.blockingError) : null,
      outcome: run.outcome,
      durationMs: run.durationMs,
      activities: (run.activities ?? []).map((a) => activityView(run, a, ended)),
      inboundTotals: totalsOf(run, ended),
      activityStatistics: structuredClone(run.activityStatistics ?? []),
    };
  }

  /** The clock's reading, with the runs caught up to it. */
  function readNow(): number {
    const now = readClock(ctx.clock);
    sync(now);
    return now;
  }

  const byStart = (a: StoredRun, b: StoredRun) => a.start - b.start || a.seq - b.seq;
  const startedBy = (now: number) => runs.filter((r) => r.start <= now);

  return {
    schedule(run) {
      if (!isObject(run)) throw new TypeError('schedule: an object is required');
      const startAt: unknown = run.startAt;
      if (!(startAt instanceof Date) || !Number.isFinite(startAt.getTime())) throw new RangeError(`schedule: startAt must be a valid Date, not ${String(startAt)}`);
      const kind = run.kind ?? 'scheduled';
      if (!isOneOf(RUN_KINDS, kind)) throw new RangeError(`schedule: kind must be one of ${RUN_KINDS.join(', ')}, not ${String(kind)}`);
      const script = checkScript(run, 'schedule');
      readNow();
      const start = startAt.getTime();
      return add(kind, 'script', start, script, newId('script', start)).id;
    },
    list() {
      const now = readNow();
      return [...runs].sort(byStart).map((r) => view(r, now));
    },
    startedOnDemand() {
      const now = readNow();
      return runs.filter((r) => r.origin === 'start').map((r) => view(r, now));
    },
    get scheduleEvery() {
      return scheduleEvery;
    },
    set scheduleEvery(value: number | null) {
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_SCHEDULE_EVERY_MS)) {
        throw new RangeError(`scheduleEvery: null or a number of milliseconds ≥ ${MIN_SCHEDULE_EVERY_MS} is required, not ${String(value)}`);
      }
      scheduleEvery = value;
    },
    get defaultDurationMs() {
      return defaultDurationMs;
    },
    set defaultDurationMs(value: number) {
      defaultDurationMs = checkDuration(value, 'defaultDurationMs');
    },
    get nextOnDemand() {
      return nextOnDemand === undefined ? undefined : structuredClone(nextOnDemand);
    },
    set nextOnDemand(value: RunScript | undefined) {
      nextOnDemand = value === undefined || value === null ? undefined : checkScript(value, 'nextOnDemand');
    },
    get limitReply() {
      return structuredClone(limitReply);
    },
    set limitReply(value: LimitReply) {
      limitReply = checkLimitReply(value);
    },
    started() {
      const now = readNow();
      return startedBy(now)
        .sort((a, b) => byStart(b, a))
        .map((r) => view(r, now));
    },
    find(runId) {
      const now = readNow();
      const run = startedBy(now).find((r) => r.id === runId);
      return run === undefined ? undefined : view(run, now);
    },
    start() {
      const now = readNow();
      const successful = runs.filter((r) => r.start <= now && r.start > now - RUN_LIMIT_WINDOW_MS && statusAt(r, now) !== 'failed');
      if (successful.length >= RUN_LIMIT) return { accepted: false, reply: structuredClone(limitReply) };
      const script = nextOnDemand ?? {};
      nextOnDemand = undefined;
      const run = add('onDemand', 'start', now, script, newId('start', now));
      run.activities = activitiesAt(run);
      return { accepted: true, id: run.id };
    },
  };
}
