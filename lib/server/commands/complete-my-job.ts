import "server-only";
import { AppError } from "@/lib/errors";
import { completeJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { finishJobRow } from "./finish-job-row";
import { getOwnJobOrThrow } from "../get-own-job-or-throw";

/**
 * A person ticks off one of their own jobs. Only types completed by hand
 * qualify: the others (verify your email…) finish when the system sees the
 * thing done, so ticking them would record something untrue.
 */
export const completeMyJob = command({ name: "completeMyJob", input: completeJobSchema }, async ({ actor, input, db }) => {
  const { job, definition } = await getOwnJobOrThrow(db, actor, input.jobId);
  if (definition.completion !== "manual") {
    throw new AppError(
      "not_allowed",
      `"${definition.title}" is ticked off for you automatically once it is done, so it cannot be completed by hand.`,
    );
  }
  return finishJobRow(db, job, "completed", { actorId: actor.id, source: "user" });
});
