import "server-only";
import { Prisma, queryRows } from "@/lib/db/client";
import { AREA_ROLES } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { deleteQueueViewSchema } from "@/lib/validation/saved-views";
import { command } from "../command";

/** Deletes a saved view. Its owner only: a shared view stays for everyone else until its owner deletes it. */
export const deleteQueueView = command(
  { name: "deleteQueueView", input: deleteQueueViewSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const rows = await queryRows<{ id: string }>(
      db,
      Prisma.sql`DELETE FROM saved_views WHERE id = ${input.id}::uuid AND owner_id = ${actor.id}::uuid RETURNING id::text AS id`,
    );
    if (rows.length === 0) {
      throw new AppError(
        "not_found",
        "That view is not yours to delete, or it was deleted already. Reload the page to see the current views.",
      );
    }
    return { id: input.id };
  },
);
