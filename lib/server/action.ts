import "server-only";
import { refresh, revalidatePath } from "next/cache";
import type { z } from "zod";
import { log } from "@/lib/log";
import { type ActionResult, actionError } from "@/lib/validation/action-result";
import type { Command } from "./command";
import { getActor } from "./session";

export interface ServerActionOptions {
  /** Paths whose pages show what the command changes; revalidated when it succeeds. */
  revalidate?: string[];
  /**
   * Send the page the person is on back with the result, rendered afresh
   * (next/cache `refresh()`), for actions used from pages other than those in
   * `revalidate`. One round trip: no `router.refresh()` in the browser.
   */
  refresh?: boolean;
}

/**
 * Turns a command into a server action: the actor comes from the session (the
 * browser only sends the input), and pages showing the change are revalidated.
 * Export the result from a "use server" file beside the route.
 */
export function serverAction<Schema extends z.ZodType, Output>(cmd: Command<Schema, Output>, options: ServerActionOptions = {}) {
  return async (input: z.input<Schema>): Promise<ActionResult<Output>> => {
    let actor;
    try {
      actor = await getActor();
    } catch (error) {
      log.error("server action could not read the session", { command: cmd.name, error });
      return actionError("internal", "We could not check who you are just now. Please try again in a moment.");
    }
    const result = await cmd.run(actor, input);
    if (result.ok) {
      for (const path of options.revalidate ?? []) revalidatePath(path);
      if (options.refresh) refresh();
    }
    return result;
  };
}
