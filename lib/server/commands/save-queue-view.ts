import "server-only";
import { Prisma, queryRows } from "@/lib/db/client";
import { AREA_ROLES } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { saveQueueViewSchema } from "@/lib/validation/saved-views";
import { command } from "../command";
import { parseViewFilters, SAVED_VIEWS_LIMIT, viewParams } from "../queries/saved-views";

/**
 * Saves a staff queue's filters and sort under a name, private or shared with
 * all staff. The filters are the queue's own, checked as the queue page reads
 * them and kept without their defaults; one name per person (the unique index
 * decides, so two saves at once cannot both win), and at most
 * SAVED_VIEWS_LIMIT views of one's own, so each of them is listed.
 */
export const saveQueueView = command(
  { name: "saveQueueView", input: saveQueueViewSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const view = parseViewFilters(input.jobType, input.filters);
    if (!view.ok) {
      throw new AppError("invalid_input", `These filters cannot be saved: ${view.problem.charAt(0).toLowerCase()}${view.problem.slice(1)}`);
    }
    const filters = JSON.stringify(viewParams(view.filters));
    const [saved] = await queryRows<{ id: string }>(
      db,
      Prisma.sql`
      INSERT INTO saved_views (id, owner_id, name, job_type, filters, shared)
      SELECT gen_random_uuid(), ${actor.id}::uuid, ${input.name}, ${view.definition.key}, ${filters}::jsonb, ${input.shared}
      WHERE (SELECT count(*) FROM saved_views WHERE owner_id = ${actor.id}::uuid) < ${SAVED_VIEWS_LIMIT}
      ON CONFLICT (owner_id, name) DO NOTHING
      RETURNING id::text AS id`,
    );
    if (!saved) {
      const [own] = await queryRows<{ n: number }>(
        db,
        Prisma.sql`SELECT count(*)::int AS n FROM saved_views WHERE owner_id = ${actor.id}::uuid`,
      );
      if ((own?.n ?? 0) >= SAVED_VIEWS_LIMIT) {
        throw new AppError("invalid_input", `You have ${SAVED_VIEWS_LIMIT} saved views already. Delete one on the staff overview first.`);
      }
      throw new AppError("invalid_input", "You already have a view with this name. Choose another name.", {
        fieldErrors: { name: ["You already have a view with this name."] },
      });
    }
    return { id: saved.id };
  },
);
