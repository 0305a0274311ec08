import "server-only";
import { Prisma, queryRows } from "@/lib/db/client";
import { pgErrorCode } from "@/lib/db/errors";
import { AREA_ROLES } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { updateQueueViewSchema } from "@/lib/validation/saved-views";
import { command } from "../command";

const NOT_YOURS = "That view is not yours to change, or it was deleted. Reload the page to see the current views.";

/** Renames a saved view or shares it with all staff (or makes it private again). Its owner only. */
export const updateQueueView = command(
  { name: "updateQueueView", input: updateQueueViewSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    let rows: { id: string }[];
    try {
      // The owner in the WHERE: someone else's view (shared or not) answers like a missing one.
      rows = await queryRows<{ id: string }>(
        db,
        Prisma.sql`
        UPDATE saved_views SET name = ${input.name}, shared = ${input.shared}, updated_at = now()
        WHERE id = ${input.id}::uuid AND owner_id = ${actor.id}::uuid
        RETURNING id::text AS id`,
      );
    } catch (error) {
      if (pgErrorCode(error) === "23505") {
        throw new AppError("invalid_input", "You already have a view with this name. Choose another name.", {
          fieldErrors: { name: ["You already have a view with this name."] },
        });
      }
      throw error;
    }
    if (rows.length === 0) throw new AppError("not_found", NOT_YOURS);
    return { id: input.id };
  },
);
