import "server-only";
import { z } from "zod";
import { jobCompleted } from "@/lib/jobs";
import { command } from "../command";

/**
 * "Mark as read" on the getting started guide: completes the person's own
 * guide job, by them. Someone with no guide job gets `changed: false` (there
 * is nothing to tick); an expired or dismissed one is refused by the engine
 * with a message saying so.
 */
export const markGuideRead = command({ name: "markGuideRead", input: z.object({}) }, async ({ actor, db }) => {
  const { job, changed } = await jobCompleted(db, {
    target: { type: "user", id: actor.id },
    jobType: "onboarding.read-guide",
    by: actor.id,
    source: "user",
  });
  return { status: job?.status ?? null, changed };
});
