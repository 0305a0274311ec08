import "server-only";
import { AppError } from "@/lib/errors";
import { dismissJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { finishJobRow } from "./finish-job-row";
import { getOwnJobOrThrow } from "../get-own-job-or-throw";

/** A person dismisses one of their own optional jobs; it becomes cancelled, with their reason if they gave one. */
export const dismissMyJob = command({ name: "dismissMyJob", input: dismissJobSchema }, async ({ actor, input, db }) => {
  const { job, definition } = await getOwnJobOrThrow(db, actor, input.jobId);
  if (!definition.dismissible) {
    throw new AppError("not_allowed", `"${definition.title}" is needed to finish setting up your account, so it cannot be dismissed.`);
  }
  return finishJobRow(db, job, "cancelled", { actorId: actor.id, source: "user", note: input.reason });
});
