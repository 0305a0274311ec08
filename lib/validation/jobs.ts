import { z } from "zod";
import { JOB_PRIORITIES } from "@/lib/jobs/validation";
import { text } from "./text";

// Inputs of the job actions. They carry references (a job id, a job type, a
// target) and the person's own words; never who is acting: that comes from
// the session on the server.

const jobId = z.uuid({ error: "That is not a valid job id." });

/** Optional free text: blank (as an empty form field sends it) counts as absent. */
function optionalText(max: number, label: string) {
  return z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    text({ label, kind: "multiline" }).trim().max(max, `${label} is longer than ${max} characters.`).optional(),
  );
}

export const completeJobSchema = z.object({ jobId });
export type CompleteJobInput = z.infer<typeof completeJobSchema>;

export const dismissJobSchema = z.object({ jobId, reason: optionalText(500, "The reason") });
export type DismissJobInput = z.infer<typeof dismissJobSchema>;

export const requestStaffJobSchema = z.object({
  jobType: text({ label: "The job type", error: "Choose a job type." }).trim().min(1, "Choose a job type."),
  target: z.object(
    {
      type: text({ label: "The target type", error: "Say what the job is about." }).trim().min(1, "Say what the job is about.").max(100),
      id: text({ label: "The target id", error: "Give the id of what the job is about." })
        .trim()
        .min(1, "Give the id of what the job is about.")
        .max(191),
    },
    { error: "Say what the job is about (a type and an id)." },
  ),
  note: optionalText(2000, "The note"),
  /** A staff member to hand the job to; blank leaves it in the shared queue. */
  assigneeId: z.preprocess((value) => (value === "" ? undefined : value), z.uuid({ error: "Choose a person from the list." }).nullish()),
  priority: z.enum(JOB_PRIORITIES, { error: `Priority must be one of ${JOB_PRIORITIES.join(", ")}.` }).default("normal"),
  dueAt: z.preprocess(
    (value) => (value === "" || value === null ? undefined : value),
    z.coerce
      .date({ error: "Enter a due date like 2030-01-31." })
      .refine((date) => date.getTime() > Date.now(), "The due date must be in the future.")
      .optional(),
  ),
});
export type RequestStaffJobInput = z.infer<typeof requestStaffJobSchema>;

export const completeStaffJobSchema = z.object({ jobId, note: optionalText(2000, "The resolution note") });
export type CompleteStaffJobInput = z.infer<typeof completeStaffJobSchema>;

export const cancelStaffJobSchema = z.object({
  jobId,
  reason: text({ label: "The reason", kind: "multiline", error: "Say why the job is cancelled." })
    .trim()
    .min(1, "Say why the job is cancelled.")
    .max(2000, "The reason is longer than 2000 characters."),
});
export type CancelStaffJobInput = z.infer<typeof cancelStaffJobSchema>;

/** The furthest a job can be snoozed (the engine's own limit: MAX_SNOOZE_DAYS). */
export const SNOOZE_MAX_DAYS = 366;

export const snoozeJobSchema = z.object({
  jobId,
  /** When the job comes back; null wakes it now. */
  until: z.preprocess(
    (value) => (value === "" ? undefined : value),
    // nullable() outside the coercion: null is "wake it", never the date of 1970.
    z.coerce
      .date({ error: "Choose a date to snooze until." })
      .refine((date) => date.getTime() > Date.now(), "Choose a moment in the future.")
      .refine((date) => date.getTime() <= Date.now() + SNOOZE_MAX_DAYS * 86_400_000, `Snooze for at most ${SNOOZE_MAX_DAYS} days.`)
      .nullable(),
  ),
});
export type SnoozeJobInput = z.infer<typeof snoozeJobSchema>;

export const reopenStaffJobSchema = z.object({
  jobId,
  reason: text({ label: "The reason", kind: "multiline", error: "Say why the job is reopened." })
    .trim()
    .min(1, "Say why the job is reopened.")
    .max(2000, "The reason is longer than 2000 characters."),
});
export type ReopenStaffJobInput = z.infer<typeof reopenStaffJobSchema>;
