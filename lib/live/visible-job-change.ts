import { AREA_ROLES, hasRole, type Role } from "@/lib/auth/roles";
import { jobTypes } from "@/lib/jobs";
import type { JobChange } from "./job-change";

// What one person's live stream may carry of a job change, decided per stream
// because every app process hears every change. The rules are the pages':
// staff see the staff queues (every staff job, with who took it); everyone
// sees their own list (user jobs assigned to them, or just taken off them,
// and their organisation's team jobs).
// Nothing else leaves the server: another person's job id would tell that
// something is going on in their account.

export interface LiveViewer {
  id: string;
  role: Role;
  /** The organisation they belong to: its team jobs are on their list too. */
  organisationId: string | null;
}

/** A job change as one person's browser receives it. */
export interface LiveJobEvent {
  /** The change's job event id (the SSE id), when it wrote one. */
  eventId: string | null;
  /** "staff": a staff queue changed; "own": the person's own list did. */
  scope: "staff" | "own";
  jobId: string;
  jobType: string;
  status: string;
  /** The signal: requested, completed, assigned… */
  change: string;
  /** Whether the viewer made the change (their own page already shows it; nothing to announce). */
  byViewer: boolean;
  /** Staff jobs only: who has it now. */
  assigneeId?: string | null;
  assigneeName?: string | null;
}

/** The part of `change` that `viewer` may see, or null when it is none of their business. */
export function visibleJobChange(change: JobChange, viewer: LiveViewer): LiveJobEvent | null {
  const audience = jobTypes.get(change.t)?.audience;
  const common = {
    eventId: change.e,
    jobId: change.j,
    jobType: change.t,
    status: change.s,
    change: change.k,
    byViewer: change.b === viewer.id,
  };
  if (audience === "staff" && hasRole(viewer.role, AREA_ROLES.staff)) {
    return { ...common, scope: "staff", assigneeId: change.a, assigneeName: change.n };
  }
  if (audience !== "user") return null;
  if (change.a === viewer.id || change.p === viewer.id) return { ...common, scope: "own" };
  // A team job has no assignee: it is on every member's list ("For your team").
  if (change.o !== null && change.o === viewer.organisationId) return { ...common, scope: "own" };
  return null;
  return null;
}
