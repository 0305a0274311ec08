import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { jobCancelled, jobsTable, jobTypeKey } from "@/lib/jobs";

/**
 * Moves `userId` into `organisationId` as a member. Call it in a transaction:
 * a person is in exactly one organisation, so joining one is leaving theirs.
 *
 * - Alone in the old one (the organisation sign-up made them): it is deleted,
 *   and its pending jobs are cancelled, since nobody is left to do them.
 * - Others remain and they were its only owner: the longest-standing admin,
 *   else the longest-standing member, becomes the owner, so no organisation
 *   is left without one and nobody loses anything.
 *
 * The old organisation's row is locked first, so two of its last members
 * leaving at once cannot each think the other stays. Returns how many members
 * the organisation has now.
 */
export async function joinOrganisation(db: Db, userId: string, organisationId: string): Promise<{ members: number }> {
  const [current] = await db.$queryRaw<{ organisationId: string; role: string }[]>`
    SELECT organisation_id AS "organisationId", role::text AS role FROM memberships WHERE user_id = ${userId}::uuid`;
  if (current && current.organisationId !== organisationId) await leave(db, userId, current.organisationId);

  await db.$executeRaw`
    INSERT INTO memberships (user_id, organisation_id, role, created_at) VALUES (${userId}::uuid, ${organisationId}::uuid, 'member', now())
    ON CONFLICT (user_id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id, role = 'member', created_at = now()
    WHERE memberships.organisation_id <> EXCLUDED.organisation_id`;
  const [{ members }] = await db.$queryRaw<[{ members: number }]>`
    SELECT count(*)::int AS members FROM memberships WHERE organisation_id = ${organisationId}::uuid`;
  return { members };
}

async function leave(db: Db, userId: string, organisationId: string): Promise<void> {
  await db.$queryRaw`SELECT id FROM organisations WHERE id = ${organisationId}::uuid FOR UPDATE`;
  const others = await db.$queryRaw<{ userId: string; role: string }[]>`
    SELECT user_id AS "userId", role::text AS role FROM memberships
    WHERE organisation_id = ${organisationId}::uuid AND user_id <> ${userId}::uuid
    ORDER BY (role = 'owner') DESC, (role = 'admin') DESC, created_at, user_id`;
  if (others.length === 0) {
    const pending = await queryRows<{ id: string; jobType: string }>(
      db,
      Prisma.sql`SELECT id, job_type AS "jobType" FROM ${jobsTable}
        WHERE target_type = 'organisation' AND target_id = ${organisationId} AND status = 'pending'`,
    );
    for (const job of pending) {
      await jobCancelled(db, {
        target: { type: "organisation", id: organisationId },
        jobType: jobTypeKey(job.jobType),
        jobId: job.id,
        source: "system",
        note: "The team was closed: its only member joined another team.",
      });
    }
    // The membership goes with it (ON DELETE CASCADE); the new one is written next.
    await db.$executeRaw`DELETE FROM organisations WHERE id = ${organisationId}::uuid`;
    return;
  }
  const [heir] = others;
  if (heir && heir.role !== "owner") {
    await db.$executeRaw`UPDATE memberships SET role = 'owner' WHERE user_id = ${heir.userId}::uuid`;
  }
}
