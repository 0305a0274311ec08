import "server-only";
import type { z } from "zod";
import { hasRole, type Role } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { type ActionResult, actionError, actionOk } from "@/lib/validation/action-result";
import { fieldErrors } from "@/lib/validation/field-errors";
import { db as appDb } from "./db";
import type { Actor } from "./session";

// The one wrapper every mutation goes through (dub's pattern): it checks who is
// calling and validates the input, so a command's body is business logic only.
// It never imports Next: tests run commands directly against a real database.

export interface CommandContext<Input> {
  /** Who is acting, from the session; never from the input. */
  actor: Actor;
  input: Input;
  /** Run every query on this, so tests (and callers with a transaction) can supply their own. */
  db: Db;
}

export interface RunOptions {
  /** The database to use instead of the app's; for tests and server code only (a browser can never pass it). */
  db?: Db;
}

export interface Command<Schema extends z.ZodType, Output> {
  readonly name: string;
  /** The input's schema; callers (server actions) take `z.input<Schema>`. */
  readonly input: Schema;
  /** Who may run it (admin always may); undefined means any signed-in person. */
  readonly roles: readonly Role[] | undefined;
  /**
   * Runs the command for `actor`. Never throws: a refusal or failure comes back
   * as `{ ok: false, error }` with a message meant for the person.
   */
  run(actor: Actor | null, rawInput: unknown, options?: RunOptions): Promise<ActionResult<Output>>;
}

export interface CommandOptions<Schema extends z.ZodType> {
  /** Names the command in logs. */
  name: string;
  input: Schema;
  roles?: readonly Role[];
}

const GENERIC_FAILURE = "Something went wrong on our side and nothing was changed. Please try again in a moment.";

export function command<Schema extends z.ZodType, Output>(
  options: CommandOptions<Schema>,
  handler: (context: CommandContext<z.output<Schema>>) => Promise<Output>,
): Command<Schema, Output> {
  const { name, input: schema, roles } = options;
  return {
    name,
    input: schema,
    roles,
    async run(actor, rawInput, runOptions = {}) {
      if (!actor) return actionError("unauthenticated", "Your session has ended. Please sign in again.");
      if (roles && !hasRole(actor.role, roles)) {
        log.warn("command refused: role not allowed", { command: name, actorId: actor.id, role: actor.role });
        return actionError("forbidden", "Your account is not allowed to do this. Ask an admin if you think it should be.");
      }

      const parsed = schema.safeParse(rawInput);
      if (!parsed.success) {
        const messages = [...new Set(parsed.error.issues.map((issue) => issue.message))];
        return actionError(
          "invalid_input",
          messages.length === 1 ? messages[0]! : "Please correct the fields marked below.",
          fieldErrors(parsed.error),
        );
      }

      try {
        return actionOk(await handler({ actor, input: parsed.data, db: runOptions.db ?? appDb }));
      } catch (error) {
        if (isAppError(error) && error.code !== "internal") {
          log.debug("command refused", { command: name, actorId: actor.id, code: error.code, reason: error.message });
          return actionError(error.code, error.userMessage, error.fieldErrors);
        }
        // Unknown failures stay on the server: the person gets a generic
        // message, the log gets everything needed to find out what happened.
        log.error("command failed", { command: name, actorId: actor.id, error });
        return actionError("internal", GENERIC_FAILURE);
      }
    },
  };
}
