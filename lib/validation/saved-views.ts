import { z } from "zod";
import { text } from "./text";

// Inputs of the saved-view actions. The filters are the queue page's search
// parameters as text; what they may hold is checked on the server against the
// queue's own filter schema (lib/server/queries/saved-views.ts), when saved and
// again whenever the view is read.

export const SAVED_VIEW_NAME_MAX = 80;

const viewId = z.uuid({ error: "That is not a valid view id." });
const name = text({ label: "The name", error: "Give the view a name." })
  .trim()
  .min(1, "Give the view a name.")
  .max(SAVED_VIEW_NAME_MAX, `The name is longer than ${SAVED_VIEW_NAME_MAX} characters.`);

/** A queue page's search parameters (never its cursor: a view starts on the first page). */
export const savedViewFiltersSchema = z
  .record(text({ label: "A filter's name" }).max(40), text({ label: "A filter" }).max(300))
  .refine((filters) => Object.keys(filters).length <= 20, "Too many filters.");

export const saveQueueViewSchema = z.object({
  name,
  shared: z.boolean(),
  jobType: text({ label: "The queue", error: "Choose a queue." }).trim().min(1, "Choose a queue.").max(100),
  filters: savedViewFiltersSchema,
});
export type SaveQueueViewInput = z.infer<typeof saveQueueViewSchema>;

export const updateQueueViewSchema = z.object({ id: viewId, name, shared: z.boolean() });
export type UpdateQueueViewInput = z.infer<typeof updateQueueViewSchema>;

export const deleteQueueViewSchema = z.object({ id: viewId });
export type DeleteQueueViewInput = z.infer<typeof deleteQueueViewSchema>;
