import { JobsError } from "./jobs-error.js";
import { JOB_PRIORITIES, type JobPriority } from "./types.js";

/** The SLA rules a type may declare, as stored in `job_escalations.rule`. */
export const SLA_RULES = ["first-action", "resolve"] as const;
export type SlaRuleName = (typeof SLA_RULES)[number];

export interface SlaRule {
  /** Hours after the job is requested. */
  readonly withinHours: number;
  /** At the breach, raise the job's priority to at least this (never lowers it). */
  readonly raisePriorityTo?: JobPriority;
}

/**
 * A job type's service levels: time to first action (someone assigned or
 * claimed it, or snoozed it…) and time to resolve (it is no longer pending),
 * counted from the request. `escalateJobs` fires each rule once per job
 * that is still pending past its deadline (event and signal `escalated`).
 */
export interface JobTypeSla {
  readonly firstAction?: SlaRule;
  readonly resolve?: SlaRule;
  /** Count only the engine's business hours (createJobs' `businessHours`), not the wall clock. */
  readonly businessHours?: boolean;
}

/**
 * One kind of job, declared once by the host. The engine reads `key`,
 * `title`, `targetType` and the durations; `meta` is the host's own
 * (notification rules, a funnel step, a link…), carried and typed but never
 * interpreted.
 */
export interface JobTypeDefinition<Meta = unknown> {
  /** Stable key stored in the database: `area.verb-noun`. */
  readonly key: string;
  /** What people call it; used in the engine's error messages. */
  readonly title: string;
  /** What the target is: "user", "document"… Requests about another kind are refused. */
  readonly targetType: string;
  /** Pending jobs of this type expire this many hours after they are requested. */
  readonly expiresAfterHours?: number;
  /** Jobs of this type are due this many hours after they are requested. */
  readonly dueAfterHours?: number;
  /**
   * Staff may reopen a job of this type (completed or cancelled by mistake)
   * this many hours after it finished. Absent: jobs of this type never reopen.
   */
  readonly reopenWithinHours?: number;
  /** Service levels: time to first action and to resolve, and what a breach does (see JobTypeSla). */
  readonly sla?: JobTypeSla;
  readonly meta?: Meta;
}

export type JobTypeList = readonly JobTypeDefinition[];

/** The keys of a registry: what `jobType` accepts, so a misspelt key fails to compile. */
export type JobTypeKey<T extends JobTypeList> = T[number]["key"];

/** The definition declared under `K`, with its own `meta` type. */
export type JobTypeOf<T extends JobTypeList, K extends JobTypeKey<T>> = Extract<T[number], { readonly key: K }>;

export interface JobTypeRegistry<T extends JobTypeList = JobTypeList> {
  readonly all: T;
  has(key: string): key is JobTypeKey<T>;
  get<K extends JobTypeKey<T>>(key: K): JobTypeOf<T, K>;
  /** For keys from outside the type system (a URL, a form): throws `unknown_job_type`. */
  require(key: string): T[number];
}

const KEY = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * Checks a host's job types once, at start: keys look like `area.verb-noun`,
 * none is declared twice, durations are positive. Pass the array `as const`
 * (or inline) so the keys stay literal types.
 */
export function defineJobTypes<const T extends JobTypeList>(types: T): JobTypeRegistry<T> {
  const byKey = new Map<string, T[number]>();
  for (const def of types) {
    if (!KEY.test(def.key) || def.key.length > 100)
      throw new JobsError("invalid_input", `Job type key "${def.key}" must look like "area.verb-noun" (at most 100 characters).`);
    if (byKey.has(def.key)) throw new JobsError("invalid_input", `Job type "${def.key}" is declared twice.`);
    if (!def.targetType) throw new JobsError("invalid_input", `Job type "${def.key}" needs a targetType.`);
    for (const field of ["expiresAfterHours", "dueAfterHours", "reopenWithinHours"] as const) {
      const hours = def[field];
      if (hours !== undefined && !(Number.isFinite(hours) && hours > 0)) {
        throw new JobsError("invalid_input", `Job type "${def.key}": ${field} must be a positive number of hours.`);
      }
    }
    checkSla(def);
    byKey.set(def.key, def);
  }
  const require = (key: string): T[number] => {
    const def = byKey.get(key);
    if (!def) throw new JobsError("unknown_job_type", `"${key}" is not a known job type.`);
    return def;
  };
  return {
    all: types,
    has: (key): key is JobTypeKey<T> => byKey.has(key),
    get: <K extends JobTypeKey<T>>(key: K) => require(key) as JobTypeOf<T, K>,
    require,
  };
}

function checkSla(def: JobTypeDefinition): void {
  if (!def.sla) return;
  for (const rule of SLA_RULES) {
    const sla = def.sla[rule === "first-action" ? "firstAction" : "resolve"];
    if (!sla) continue;
    if (!(Number.isFinite(sla.withinHours) && sla.withinHours > 0 && sla.withinHours <= 24 * 3650)) {
      throw new JobsError("invalid_input", `Job type "${def.key}": the ${rule} SLA needs withinHours, a positive number of hours.`);
    }
    if (sla.raisePriorityTo !== undefined && !JOB_PRIORITIES.includes(sla.raisePriorityTo)) {
      throw new JobsError("invalid_input", `Job type "${def.key}": raisePriorityTo must be one of ${JOB_PRIORITIES.join(", ")}.`);
    }
  }
}
