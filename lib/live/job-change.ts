import { z } from "zod";

// What one job change says on the wire between processes: the NOTIFY payload
// on channel `jtbd_jobs`. Small on purpose (PostgreSQL caps a payload at
// 8000 bytes, and every listening process parses every one): ids and states,
// never metadata. Who may see which change is decided by each SSE stream
// (visible-job-change.ts), not here: the payload reaches every app process.

/** The PostgreSQL channel job changes are announced on. */
export const JOB_CHANGES_CHANNEL = "jtbd_jobs";

export const jobChangeSchema = z.object({
  /** The id of the change's job event (job_events.id, a bigint as text); null when the change wrote none. */
  e: z
    .string()
    .regex(/^\d{1,20}$/)
    .nullable(),
  /** Job id. */
  j: z.uuid(),
  /** Job type key. */
  t: z.string().min(1).max(100),
  /** Status after the change. */
  s: z.string().min(1).max(20),
  /** The signal: requested, completed, assigned… */
  k: z.string().min(1).max(40),
  /** Assignee after the change. */
  a: z.string().max(191).nullable(),
  /** Assignee before it (an assignment's `from`), so the person a job left hears of it too. */
  p: z.string().max(191).nullable(),
  /** Who made the change (null: the system). */
  b: z.string().max(191).nullable(),
  /** The new assignee's display name, for staff job assignments only ("Taken by Alice"). */
  n: z.string().max(200).nullable(),
  /** The organisation a team job is about (its target), so its members' lists follow it; null for any other job. */
  o: z.string().max(191).nullable(),
});

export type JobChange = z.infer<typeof jobChangeSchema>;

/** A NOTIFY payload as a JobChange, or null if it is not one (logged by the caller). */
export function parseJobChange(payload: string | undefined): JobChange | null {
  if (!payload) return null;
  try {
    const parsed = jobChangeSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not JSON: someone else's NOTIFY on our channel. The caller logs it.
    return null;
  }
}
