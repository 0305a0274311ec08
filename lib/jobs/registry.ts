import { AppError } from "@/lib/errors";

// The job-type registry: every kind of job the product knows, declared once.
// The database stores the key; everything else (title, who may finish it, how
// long it lives) is read from here, so changing a title needs no migration.

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
  ({ readonly on: "requested" } | { readonly on: "reminder"; readonly afterHours: number } | { readonly on: "expired" });

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
  /** The person it is for may dismiss it (it becomes cancelled, not completed). */
  readonly dismissible?: boolean;
  /** Position in the onboarding funnel, from 1. */
  readonly onboardingStep?: number;
  /** Pending jobs of this type expire this many hours after they are requested. */
  readonly expiresAfterHours?: number;
  /** Jobs of this type are due this many hours after they are requested. */
  readonly dueAfterHours?: number;
  /** Where the job is done; `{targetId}` is replaced by the job's target id. */
  readonly href?: string;
  /** The notifications jobs of this type send (see lib/notifications). */
  readonly notifications?: readonly NotificationRule[];
  /**
   * The job exists to get its email delivered (an invitation): the delivery
   * completes it when the mail server accepts the message, and cancels it at
   * once, without retrying, when the server refuses the recipient (a 5xx bounce).
   */
  readonly completedByDelivery?: boolean;
}

export interface JobTypeRegistry<T extends readonly JobTypeDefinition[] = readonly JobTypeDefinition[]> {
  readonly all: T;
  get(key: string): JobTypeDefinition | undefined;
  /** Throws `unknown_job_type` for a key that is not registered. */
  require(key: string): JobTypeDefinition;
  byAudience(audience: JobAudience): JobTypeDefinition[];
  /** Onboarding steps in order. */
  onboardingSteps(): (JobTypeDefinition & { onboardingStep: number })[];
}

export function defineJobTypes<const T extends readonly JobTypeDefinition[]>(definitions: T): JobTypeRegistry<T> {
  const byKey = new Map<string, JobTypeDefinition>();
  const steps = new Set<number>();
  for (const def of definitions) {
    if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(def.key)) throw new Error(`Job type key "${def.key}" must look like "area.verb-noun"`);
    if (byKey.has(def.key)) throw new Error(`Job type "${def.key}" is declared twice`);
    if (def.onboardingStep !== undefined) {
      if (steps.has(def.onboardingStep)) throw new Error(`Onboarding step ${def.onboardingStep} is declared twice`);
      steps.add(def.onboardingStep);
    }
    byKey.set(def.key, def);
  }
  return {
    all: definitions,
    get: (key) => byKey.get(key),
    require(key) {
      const def = byKey.get(key);
      if (!def) throw new AppError("unknown_job_type", `"${key}" is not a known job type.`);
      return def;
    },
    byAudience: (audience) => definitions.filter((d: JobTypeDefinition) => d.audience === audience),
    onboardingSteps: () =>
      (definitions as readonly JobTypeDefinition[])
        .filter((d): d is JobTypeDefinition & { onboardingStep: number } => d.onboardingStep !== undefined)
        .sort((a, b) => a.onboardingStep - b.onboardingStep),
  };
}

/** The link where a job is done, with its target filled in. */
export function jobHref(def: Pick<JobTypeDefinition, "href"> | undefined, job: { targetId: string }): string | null {
  return def?.href ? def.href.replaceAll("{targetId}", encodeURIComponent(job.targetId)) : null;
}
