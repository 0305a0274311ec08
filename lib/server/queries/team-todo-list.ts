import "server-only";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { effectiveStatus, jobHref, jobsTable, jobTypes, type Job } from "@/lib/jobs";
import { isEligible, type EligibleGroup, type OrganisationRole } from "@/lib/organisations/organisation-roles";

// The "For your team" part of a person's todo list: their organisation's own
// onboarding jobs. These have no assignee (lib/organisations/request-
// organisation-jobs.ts says why); who sees one is decided here, from the
// person's membership read in the same query, never from anything the
// browser sends. A person outside every organisation sees none, and nobody
// ever sees another organisation's.

const TEAM_STEPS = jobTypes.organisationSteps();
const UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
const STEP_VALUES = Prisma.join(TEAM_STEPS.map((s) => Prisma.sql`(${s.key}, ${s.organisationStep}::int)`));

export interface TeamTodo {
  id: string;
  jobType: string;
  title: string;
  description: string;
  step: number;
  /** Who of the team it is for. */
  eligible: EligibleGroup;
  /** This person may do it (admins-only steps are shown to members as the team's progress, not as theirs to do). */
  canAct: boolean;
  href: string | null;
  state: "pending" | "done" | "expired" | "cancelled";
  finishedAt: Date | null;
  /** Who did it, by name, when a person did (null when it ticked itself off). */
  doneBy: string | null;
  /** The job ticked itself off (source auto), e.g. the third member joined. */
  doneAutomatically: boolean;
}

export interface TeamTodoList {
  organisation: { id: string; name: string };
  role: OrganisationRole;
  /** Every organisation step, in order, with where it stands (the latest job of each type). */
  steps: TeamTodo[];
  done: number;
  total: number;
}

type Row = Pick<Job, "id" | "jobType" | "status" | "expiresAt" | "completedAt" | "completionSource"> & {
  step: number;
  doneBy: string | null;
};

/**
 * `userId`'s team list, or null when they belong to no organisation or it has
 * no onboarding jobs (one that existed before organisations had steps).
 */
export async function getTeamTodoList(db: Db, userId: string): Promise<TeamTodoList | null> {
  // On every todo page: through pg directly (queryRows), not the Prisma query engine.
  const [membership] = await queryRows<{ role: OrganisationRole; id: string; name: string }>(
    db,
    Prisma.sql`SELECT m.role::text AS role, o.id, o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id
               WHERE m.user_id = ${userId}::uuid`,
  );
  if (!membership) return null;
  const { role } = membership;
  const organisation = { id: membership.id, name: membership.name };
  const rows = await queryRows<Row>(
    db,
    Prisma.sql`
    WITH steps (job_type, step) AS (VALUES ${STEP_VALUES})
    SELECT DISTINCT ON (j.job_type) j.id, j.job_type AS "jobType", j.status, j.expires_at AS "expiresAt",
           j.completed_at AS "completedAt", j.completion_source AS "completionSource", s.step,
           -- By the users' primary key (a join on id::text would read every user); an id that is no uuid names nobody.
           (SELECT COALESCE(NULLIF(u.name, ''), u.email) FROM users u
            WHERE u.id = CASE WHEN j.completed_by_id ~* ${UUID_PATTERN} THEN j.completed_by_id::uuid END) AS "doneBy"
    FROM ${jobsTable} j
    JOIN steps s ON s.job_type = j.job_type
    WHERE j.target_type = 'organisation' AND j.target_id = ${organisation.id}
    ORDER BY j.job_type, j.created_at DESC, j.id DESC`,
  );
  if (rows.length === 0) return null;
  const steps = rows
    .flatMap((row): TeamTodo[] => {
      const definition = jobTypes.get(row.jobType);
      if (!definition?.eligible) return [];
      const status = effectiveStatus(row);
      return [
        {
          id: row.id,
          jobType: row.jobType,
          title: definition.title,
          description: definition.description,
          step: row.step,
          eligible: definition.eligible,
          canAct: isEligible(role, definition.eligible),
          href: jobHref(definition, { targetId: organisation.id }),
          state: status === "completed" ? "done" : status,
          finishedAt: row.completedAt,
          doneBy: status === "completed" && row.completionSource !== "auto" ? row.doneBy : null,
          doneAutomatically: status === "completed" && row.completionSource === "auto",
        },
      ];
    })
    .sort((a, b) => a.step - b.step);
  return { organisation, role, steps, done: steps.filter((s) => s.state === "done").length, total: steps.length };
}
