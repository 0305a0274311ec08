import { defineJobTypes as defineEngineJobTypes, isJobsError, type JobTypeSla, type SlaRuleName } from "@jtbd/engine";
import { AppError } from "@/lib/errors";

// The product's job-type registry: every kind of job the product knows,
// declared once. The engine (@jtbd/engine) gets each type's key, title,
// target and durations, and carries the rest (audience, onboarding step,
// link, notification rules…) as the type's meta without reading it. The
// database stores the key, so changing a title needs no migration.

export type JobAudience = "user" | "staff";

/** Who may finish a job: a person by hand (a checkbox, a staff "resolve"), or only the system when a condition is met. */
export type JobCompletion = "manual" | "system";

/** How a notification reaches a person. */
export type NotificationChannelName = "email" | "in_app";

/**
 * Who a notification goes to: the job's assignee (for a job about a user with
 * nobody assigned, that user), or everyone with a role (admins count for every
 * role).
 */
export type NotificationRecipient = "assignee" | "role:staff" | "role:product" | "role:admin";

interface NotificationRuleBase {
  readonly channels: readonly NotificationChannelName[];
  readonly to: readonly NotificationRecipient[];
  /** A key of lib/notifications' templates; it must render every channel listed. */
  readonly template: string;
}

/**
 * When a job type notifies: when it is requested, once if it is still pending
 * `afterHours` after it was requested, or when it expires. Sent and tracked by
 * lib/notifications; every notification belongs to a job of this type.
 */
export type NotificationRule = NotificationRuleBase &
  (
    | { readonly on: "requested" }
    | { readonly on: "reminder"; readonly afterHours: number }
    | { readonly on: "expired" }
    // An SLA breach (the engine's `escalated`): for one SLA rule, or for each when `sla` is left out.
    | { readonly on: "escalated"; readonly sla?: SlaRuleName }
  );

export interface JobTypeDefinition {
  /** Stable key stored in the database: `area.verb-noun`. */
  readonly key: string;
  readonly title: string;
  /** Why it matters, in a sentence a person reads on their todo list. */
  readonly description: string;
  readonly audience: JobAudience;
  readonly completion: JobCompletion;
  /** What the target is: "user", "document", "invite"… Requests for another kind are refused. */
  readonly targetType: string;
  /**
   * The person it is for may dismiss it (it becomes cancelled, not completed).
   * An onboarding step that may be dismissed is optional: the funnel does not
   * let it hold back the steps after it in conversion.
   */
  readonly dismissible?: boolean;
  /** Position in the onboarding funnel, from 1. */
  readonly onboardingStep?: number;
  /**
   * For jobs about an organisation (target type "organisation"): which of its
   * members it is for, as a group. Such jobs have no assignee; the host
   * derives who may see and do them from membership (lib/organisations).
   */
  readonly eligible?: "admins" | "members";
  /** Position among an organisation's own onboarding steps, from 1. */
  readonly organisationStep?: number;
  /**
   * For an onboarding step (a person's or an organisation's): for this many
   * days after it was requested a pending job counts as "in progress" in the
   * funnel; after that, as "stalled". Default 7.
   */
  readonly windowDays?: number;
  /** Pending jobs of this type expire this many hours after they are requested. */
  readonly expiresAfterHours?: number;
  /** Jobs of this type are due this many hours after they are requested. */
  readonly dueAfterHours?: number;
  /**
   * Service levels (the engine's JobTypeSla): time to first action and to
   * resolve, optionally in business hours (lib/jobs/business-hours.ts), and
   * the priority a breach raises to. A breach also moves the job to the
   * escalation queue (/staff/escalations) and sends the type's `escalated`
   * notification rules.
   */
  readonly sla?: JobTypeSla;
  /** Where the job is done; `{targetId}` is replaced by the job's target id. */
  readonly href?: string;
  /**
   * Staff may reopen a job of this type that was resolved or dismissed by
   * mistake, for this many hours after it finished (with a reason). Absent:
   * never. Not for onboarding steps: the funnel counts a finished step once.
   */
  readonly reopenWithinHours?: number;
  /**
   * Staff may mark a note on a job of this type "visible to the person"
   * (lib/notes): it then shows on the todo list of the person the job is
   * about. Only for target types lib/notes knows a person for (NOTE_SUBJECT_TARGETS).
   */
  readonly notesVisibleToSubject?: boolean;
  /** The notifications jobs of this type send (see lib/notifications). */
  readonly notifications?: readonly NotificationRule[];
  /**
   * The job exists to get its email delivered (an invitation): the delivery
   * completes it when the mail server accepts the message, and cancels it at
   * once, without retrying, when the server refuses the recipient (a 5xx bounce).
   */
  readonly completedByDelivery?: boolean;
  /**
   * No longer requested: kept registered only so its pending jobs can still be
   * read, finished and expired. Requesting one is refused; its staff queue is
   * listed only while it has pending jobs.
   */
  readonly retired?: boolean;
  /** The type that took over from a retired one, named when a request is refused. */
  readonly replacedBy?: string;
  /**
   * `false`: the app's own plumbing (account links, invitation delivery).
   * Finishing one has effects only the app may cause (an invite marked sent
   * or bounced, a reset link voided), so /api/v1 reads these jobs but refuses
   * to request, complete, cancel or assign them.
   */
  readonly api?: false;
}

/** A product type as the engine sees it: what it reads, plus the product's own definition as meta. */
type EngineJobType<D extends JobTypeDefinition> = {
  readonly key: D["key"];
  readonly title: string;
  readonly targetType: string;
  readonly expiresAfterHours?: number;
  readonly dueAfterHours?: number;
  readonly sla?: JobTypeSla;
  readonly reopenWithinHours?: number;
  readonly meta: D;
};

export type EngineJobTypes<T extends readonly JobTypeDefinition[]> = { readonly [I in keyof T]: EngineJobType<T[I]> };

export interface JobTypeRegistry<T extends readonly JobTypeDefinition[] = readonly JobTypeDefinition[]> {
  readonly all: T;
  /** The same types in the engine's shape, for createJobs. */
  readonly engineTypes: EngineJobTypes<T>;
  get(key: string): JobTypeDefinition | undefined;
  /** Throws `unknown_job_type` for a key that is not registered. */
  require(key: string): JobTypeDefinition;
  /** Like require(), and throws `not_allowed` for a retired type: what every new request goes through. */
  requireRequestable(key: string): JobTypeDefinition;
  byAudience(audience: JobAudience): JobTypeDefinition[];
  /** Onboarding steps in order. */
  onboardingSteps(): (JobTypeDefinition & { onboardingStep: number })[];
  /** An organisation's onboarding steps in order. */
  organisationSteps(): (JobTypeDefinition & { organisationStep: number; eligible: "admins" | "members" })[];
}

export function defineJobTypes<const T extends readonly JobTypeDefinition[]>(definitions: T): JobTypeRegistry<T> {
  const engineTypes = definitions.map((def: JobTypeDefinition) => ({
    key: def.key,
    title: def.title,
    targetType: def.targetType,
    expiresAfterHours: def.expiresAfterHours,
    dueAfterHours: def.dueAfterHours,
    sla: def.sla,
    reopenWithinHours: def.reopenWithinHours,
    meta: def,
  })) as unknown as EngineJobTypes<T>;
  try {
    // The engine's own checks (key shape, duplicates, durations), once, here.
    defineEngineJobTypes(engineTypes as readonly EngineJobType<JobTypeDefinition>[]);
  } catch (error) {
    if (isJobsError(error)) throw new Error(error.message, { cause: error });
    throw error;
  }
  const byKey = new Map<string, JobTypeDefinition>();
  const steps = new Set<number>();
  for (const def of definitions) {
    // The funnel's roll-up relies on a finished onboarding job never changing again.
    if (def.onboardingStep !== undefined && def.reopenWithinHours !== undefined)
      throw new Error(`${def.key} is an onboarding step, so it cannot be reopened`);
    if (def.onboardingStep !== undefined) {
      if (steps.has(def.onboardingStep)) throw new Error(`Onboarding step ${def.onboardingStep} is declared twice`);
      steps.add(def.onboardingStep);
    }
    byKey.set(def.key, def);
    if ((def.targetType === "organisation") !== (def.eligible !== undefined))
      throw new Error(`${def.key}: a job about an organisation names who is eligible (eligible), and only such a job does`);
    if (def.windowDays !== undefined && (def.onboardingStep ?? def.organisationStep) === undefined)
      throw new Error(`${def.key}: only an onboarding step has a window (windowDays)`);
    if (def.windowDays !== undefined && !(def.windowDays > 0)) throw new Error(`${def.key}: windowDays must be more than 0`);
    if (def.organisationStep !== undefined && def.eligible === undefined)
      throw new Error(`${def.key}: an organisation step is a job about an organisation`);
  }
  for (const def of definitions as readonly JobTypeDefinition[]) {
    if (def.replacedBy === undefined) continue;
    const successor = byKey.get(def.replacedBy);
    if (!def.retired) throw new Error(`${def.key} names a replacement but is not retired`);
    if (!successor || successor.retired)
      throw new Error(`${def.key} is replaced by ${def.replacedBy}, which is not a registered, current type`);
  }
  const require = (key: string): JobTypeDefinition => {
    const def = byKey.get(key);
    if (!def) throw new AppError("unknown_job_type", `"${key}" is not a known job type.`);
    return def;
  };
  return {
    all: definitions,
    engineTypes,
    get: (key) => byKey.get(key),
    require,
    requireRequestable(key) {
      const def = require(key);
      if (def.retired) {
        const instead = def.replacedBy ? ` Request "${def.replacedBy}" instead.` : "";
        throw new AppError("not_allowed", `"${def.key}" is retired: no new jobs of this type can be requested.${instead}`);
      }
      return def;
    },
    byAudience: (audience) => definitions.filter((d: JobTypeDefinition) => d.audience === audience),
    onboardingSteps: () =>
      (definitions as readonly JobTypeDefinition[])
        .filter((d): d is JobTypeDefinition & { onboardingStep: number } => d.onboardingStep !== undefined)
        .sort((a, b) => a.onboardingStep - b.onboardingStep),
    organisationSteps: () =>
      (definitions as readonly JobTypeDefinition[])
        .filter(
          (d): d is JobTypeDefinition & { organisationStep: number; eligible: "admins" | "members" } =>
            d.organisationStep !== undefined && d.eligible !== undefined,
        )
        .sort((a, b) => a.organisationStep - b.organisationStep),
  };
}

/** The link where a job is done, with its target filled in. */
export function jobHref(def: Pick<JobTypeDefinition, "href"> | undefined, job: { targetId: string }): string | null {
  return def?.href ? def.href.replaceAll("{targetId}", encodeURIComponent(job.targetId)) : null;
}
