import "server-only";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { awakeNow, effectiveStatus, jobHref, jobsTable, jobTypes, pendingNow, type Job, type JobTypeDefinition } from "@/lib/jobs";
import { type VisibleNote, visibleNotesForTodos } from "@/lib/notes/visible-notes";

// A person's todo list: what is left for them, how far through onboarding they
// are, and what they finished lately. Everything is read for one assignee along
// the (assigned_to_id, status, created_at) index, and a job past its expiry is
// never pending here, even before the sweep marks it (pendingNow). A snoozed
// job is still pending (the funnel counts it as in progress) but waits in
// its own short list until its moment passes (awakeNow), then is back by itself.

/** A person's own list is short; more than this many pending jobs means something upstream is wrong. */
export const TODO_PENDING_LIMIT = 100;
/** How many finished jobs the "recently done" section shows… */
export const TODO_RECENT_LIMIT = 10;
/** …finished within this many days. */
export const TODO_RECENT_DAYS = 30;

export interface PendingTodo {
  id: string;
  jobType: string;
  title: string;
  /** Why it matters (the registry's description). */
  description: string;
  /** Extra words from whoever asked, e.g. why the last document was refused. */
  reason: string | null;
  /** Where the job is done, if it has a page. */
  href: string | null;
  onboardingStep: number | null;
  createdAt: Date;
  dueAt: Date | null;
  expiresAt: Date | null;
  /** The person may tick it off by hand (otherwise the system does when it sees the thing done). */
  canComplete: boolean;
  canDismiss: boolean;
  /** Notes staff chose to show the person, oldest first (lib/notes/visible-notes.ts says which reach which item). */
  staffNotes: VisibleNote[];
}

/** A job the person put off: out of "To do" until `snoozedUntil`. */
export interface SnoozedTodo {
  id: string;
  title: string;
  snoozedUntil: Date;
  expiresAt: Date | null;
}

/** Where one onboarding step stands for this person, judged by its most recent job. */
export type OnboardingStepState = "done" | "pending" | "expired" | "not-requested";

export interface OnboardingProgress {
  /** Steps completed or dismissed. */
  done: number;
  /** Every onboarding step in the registry. */
  total: number;
  steps: { step: number; jobType: string; title: string; state: OnboardingStepState }[];
}

/** How a finished job was finished, in the words the list uses ("by you", "automatically"…). */
export type FinishedBy = "auto" | "you" | "staff" | "system" | "someone-else";

export interface FinishedTodo {
  id: string;
  jobType: string;
  title: string;
  /** Cancelled by the person themselves reads as "dismissed"; by anyone else as "cancelled". */
  outcome: "completed" | "dismissed" | "cancelled";
  finishedBy: FinishedBy;
  finishedAt: Date;
  /** The reason given for a dismissal or cancellation. */
  reason: string | null;
}

export interface TodoList {
  /** Onboarding steps in order first, then by due date (or expiry when there is no due date), oldest first. Snoozed jobs are not here. */
  pending: PendingTodo[];
  /** Pending jobs snoozed until a moment still ahead, the soonest back first. */
  snoozed: SnoozedTodo[];
  /** Null for someone who was never asked any onboarding step (e.g. a staff account made by an admin). */
  progress: OnboardingProgress | null;
  /** Most recently finished first. */
  recent: FinishedTodo[];
}

const USER_TYPES: readonly JobTypeDefinition[] = jobTypes.byAudience("user");
const USER_TYPE_KEYS = Prisma.join(USER_TYPES.map((d) => d.key));
const STEPS = jobTypes.onboardingSteps();

// The registry, not the table, knows each type's onboarding step; the ORDER BY
// needs it inside the query so LIMIT keeps the right rows.
const STEP_VALUES = Prisma.join(STEPS.map((s) => Prisma.sql`(${s.key}, ${s.onboardingStep}::int)`));

type PendingRow = Pick<Job, "id" | "jobType" | "targetId" | "createdAt" | "dueAt" | "expiresAt" | "metadata"> & { step: number | null };
type FinishedRow = Pick<Job, "id" | "jobType" | "status" | "completedAt" | "completedById" | "completionSource" | "resolutionNote">;
type SnoozedRow = Pick<Job, "id" | "jobType" | "expiresAt"> & { snoozedUntil: Date };
type LatestStepRow = Pick<Job, "jobType" | "status" | "expiresAt">;

/** `userId`'s todo list. Only jobs assigned to them and meant for users (never staff work) appear. */
export async function getTodoList(db: Db, userId: string): Promise<TodoList> {
  const [pendingRows, snoozedRows, latestSteps, finishedRows] = await Promise.all([
    queryRows<PendingRow>(
      db,
      Prisma.sql`
      WITH steps (job_type, step) AS (VALUES ${STEP_VALUES})
      SELECT j.id, j.job_type AS "jobType", j.target_id AS "targetId", j.created_at AS "createdAt",
             j.due_at AS "dueAt", j.expires_at AS "expiresAt", j.metadata, s.step
      FROM ${jobsTable} j
      LEFT JOIN steps s ON s.job_type = j.job_type
      WHERE j.assigned_to_id = ${userId}
        AND j.job_type IN (${USER_TYPE_KEYS})
        AND ${pendingNow("j")}
        AND ${awakeNow("j")}
      ORDER BY s.step ASC NULLS LAST, COALESCE(j.due_at, j.expires_at) ASC NULLS LAST, j.created_at ASC, j.id ASC
      LIMIT ${TODO_PENDING_LIMIT}`,
    ),
    queryRows<SnoozedRow>(
      db,
      Prisma.sql`
      SELECT id, job_type AS "jobType", snoozed_until AS "snoozedUntil", expires_at AS "expiresAt"
      FROM ${jobsTable}
      WHERE assigned_to_id = ${userId}
        AND job_type IN (${USER_TYPE_KEYS})
        AND ${pendingNow()}
        AND snoozed_until > now()
      ORDER BY snoozed_until, id
      LIMIT ${TODO_PENDING_LIMIT}`,
    ),
    // The most recent job of each onboarding type decides that step: one
    // completed long ago and requested again is not done.
    queryRows<LatestStepRow>(
      db,
      Prisma.sql`
      SELECT DISTINCT ON (job_type) job_type AS "jobType", status, expires_at AS "expiresAt"
      FROM ${jobsTable}
      WHERE assigned_to_id = ${userId} AND job_type IN (${Prisma.join(STEPS.map((s) => s.key))})
      ORDER BY job_type, created_at DESC, id DESC`,
    ),
    queryRows<FinishedRow>(
      db,
      Prisma.sql`
      SELECT id, job_type AS "jobType", status, completed_at AS "completedAt", completed_by_id AS "completedById",
             completion_source AS "completionSource", resolution_note AS "resolutionNote"
      FROM ${jobsTable}
      WHERE assigned_to_id = ${userId}
        AND job_type IN (${USER_TYPE_KEYS})
        AND status IN ('completed', 'cancelled')
        AND completed_at > now() - ${TODO_RECENT_DAYS} * interval '1 day'
      ORDER BY completed_at DESC, id DESC
      LIMIT ${TODO_RECENT_LIMIT}`,
    ),
  ]);

  const notes = await visibleNotesForTodos(
    db,
    userId,
    pendingRows.map((row) => row.id),
  );

  return {
    pending: pendingRows.flatMap((row) => {
      const definition = jobTypes.get(row.jobType);
      // Filtered by registered keys above; a miss means the registry changed mid-request.
      if (!definition) return [];
      return [
        {
          id: row.id,
          jobType: row.jobType,
          title: definition.title,
          description: definition.description,
          reason: typeof row.metadata.reason === "string" ? row.metadata.reason : null,
          href: jobHref(definition, row),
          onboardingStep: row.step,
          createdAt: row.createdAt,
          dueAt: row.dueAt,
          expiresAt: row.expiresAt,
          canComplete: definition.completion === "manual",
          canDismiss: definition.dismissible === true,
          staffNotes: notes.get(row.id) ?? [],
        },
      ];
    }),
    snoozed: snoozedRows.flatMap((row) => {
      const definition = jobTypes.get(row.jobType);
      if (!definition) return [];
      return [{ id: row.id, title: definition.title, snoozedUntil: row.snoozedUntil, expiresAt: row.expiresAt }];
    }),
    progress: onboardingProgress(latestSteps),
    recent: finishedRows.flatMap((row) => {
      const definition = jobTypes.get(row.jobType);
      if (!definition || !row.completedAt) return [];
      const finishedBy = finishedByOf(row, userId);
      return [
        {
          id: row.id,
          jobType: row.jobType,
          title: definition.title,
          outcome: row.status === "completed" ? "completed" : finishedBy === "you" ? "dismissed" : "cancelled",
          finishedBy,
          finishedAt: row.completedAt,
          reason: row.status === "cancelled" ? row.resolutionNote : null,
        },
      ];
    }),
  };
}

function onboardingProgress(latest: LatestStepRow[]): OnboardingProgress | null {
  if (latest.length === 0) return null;
  const byType = new Map(latest.map((row) => [row.jobType, row]));
  const steps = STEPS.map((s) => {
    const row = byType.get(s.key);
    return { step: s.onboardingStep, jobType: s.key, title: s.title, state: stepState(row) };
  });
  return { done: steps.filter((s) => s.state === "done").length, total: steps.length, steps };
}

function stepState(row: LatestStepRow | undefined): OnboardingStepState {
  if (!row) return "not-requested";
  const status = effectiveStatus(row);
  // A dismissed step is one the person chose to skip: it no longer stands between them and done.
  if (status === "completed" || status === "cancelled") return "done";
  return status;
}

function finishedByOf(row: FinishedRow, userId: string): FinishedBy {
  switch (row.completionSource) {
    case "auto":
      return "auto";
    case "staff":
      return "staff";
    case "user":
      return row.completedById === userId ? "you" : "someone-else";
    default:
      return "system";
  }
}
