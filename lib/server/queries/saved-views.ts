import "server-only";
import { z } from "zod";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { jobsTable, jobTypes, type JobTypeDefinition } from "@/lib/jobs";
import { queueCondition, type QueueFilters, queueFiltersSchema } from "./staff-queue";

// Saved views of the staff queues: a name, a queue and the queue page's
// search parameters, private to their owner or shared with all staff. The
// parameters are checked against the queue's own filter schema when a view is
// saved and again whenever it is read: one whose filters no longer parse (a
// filter renamed, a status gone, a queue removed) shows as broken instead of
// failing the page.

/** At most this many views are listed (a person's own and the shared ones, by name). */
export const SAVED_VIEWS_LIMIT = 50;
/** A view's count stops here ("1,000+"): counting a whole history of finished jobs is not worth its cost. */
export const SAVED_VIEW_COUNT_CAP = 1_000;

/** The filter keys a view may hold: the queue's own, never the page cursor. */
function savableKeys(): string[] {
  return Object.keys(queueFiltersSchema.shape).filter((key) => key !== "cursor");
}

const DEFAULTS = queueFiltersSchema.parse({}) as Record<string, unknown>;

export type ParsedViewFilters = { ok: true; definition: JobTypeDefinition; filters: QueueFilters } | { ok: false; problem: string };

/**
 * A view's queue and parameters as the queue page would read them, or why they
 * cannot be. Strict where the page is lenient: the page quietly falls back to
 * a default for a value it does not know; a saved value that would fall back
 * is a broken view.
 */
export function parseViewFilters(jobType: string, raw: unknown): ParsedViewFilters {
  const definition = jobTypes.get(jobType);
  if (!definition || definition.audience !== "staff") return { ok: false, problem: "Its queue no longer exists." };
  const record = z.record(z.string(), z.string()).safeParse(raw);
  if (!record.success) return { ok: false, problem: "Its filters are not readable." };
  const keys = savableKeys();
  const unknown = Object.keys(record.data).find((key) => !keys.includes(key));
  if (unknown !== undefined) return { ok: false, problem: `It filters on “${unknown.slice(0, 40)}”, which the queue no longer has.` };
  const parsed = queueFiltersSchema.parse(record.data) as Record<string, unknown>;
  for (const [key, value] of Object.entries(record.data)) {
    if (parsed[key] !== value) return { ok: false, problem: `Its ${key} “${value.slice(0, 40)}” is no longer a choice.` };
  }
  return { ok: true, definition, filters: { ...(parsed as QueueFilters), cursor: undefined } };
}

/** The parameters worth keeping of `filters`: those that differ from the queue's defaults, never the cursor. */
export function viewParams(filters: QueueFilters): Record<string, string> {
  const params: Record<string, string> = {};
  for (const key of savableKeys()) {
    const value = (filters as Record<string, unknown>)[key];
    if (typeof value === "string" && value !== DEFAULTS[key]) params[key] = value;
  }
  return params;
}

export interface SavedViewSummary {
  id: string;
  name: string;
  jobType: string;
  /** The queue's title, or the key when the queue is gone. */
  queueTitle: string;
  shared: boolean;
  /** Whether the viewer owns it (only the owner may rename, share or delete it). */
  mine: boolean;
  ownerName: string;
  view: ParsedViewFilters;
  /** Jobs the view shows now (capped at SAVED_VIEW_COUNT_CAP); null for a broken view. */
  count: number | null;
}

/**
 * The views `me` may see (their own and every shared one, by name, at most
 * SAVED_VIEWS_LIMIT) with each one's count now. Two statements whatever the
 * number of views: the list, then every count in one statement (one scalar
 * subquery per view, each planned on its own index, each stopped at the cap).
 */
export async function listSavedViews(db: Db, me: string): Promise<SavedViewSummary[]> {
  const rows = await queryRows<{
    id: string;
    name: string;
    jobType: string;
    filters: unknown;
    shared: boolean;
    ownerId: string;
    ownerName: string | null;
    ownerEmail: string;
  }>(
    db,
    Prisma.sql`
    SELECT v.id::text AS id, v.name, v.job_type AS "jobType", v.filters, v.shared, v.owner_id::text AS "ownerId",
           u.name AS "ownerName", u.email AS "ownerEmail"
    FROM saved_views v JOIN users u ON u.id = v.owner_id
    WHERE v.owner_id = ${me}::uuid OR v.shared
    ORDER BY v.name, v.id
    LIMIT ${SAVED_VIEWS_LIMIT}`,
  );
  const views = rows.map((row) => ({
    id: row.id,
    name: row.name,
    jobType: row.jobType,
    queueTitle: jobTypes.get(row.jobType)?.title ?? row.jobType,
    shared: row.shared,
    mine: row.ownerId === me,
    ownerName: row.ownerName ?? row.ownerEmail,
    view: parseViewFilters(row.jobType, row.filters),
  }));
  const counts = await countViews(
    db,
    views.flatMap((v) => (v.view.ok ? [v.view] : [])),
    me,
  );
  let next = 0;
  return views.map((v) => ({ ...v, count: v.view.ok ? (counts[next++] ?? 0) : null }));
}

/** How many jobs each view shows now, capped, in one statement. */
async function countViews(db: Db, views: Extract<ParsedViewFilters, { ok: true }>[], me: string): Promise<number[]> {
  if (views.length === 0) return [];
  const columns = views.map(
    ({ definition, filters }, i) => Prisma.sql`(SELECT count(*)::int FROM (
        SELECT 1 FROM ${jobsTable} j WHERE j.job_type = ${definition.key} AND ${queueCondition(definition, filters, me)}
        LIMIT ${SAVED_VIEW_COUNT_CAP}) v) AS ${Prisma.raw(`c${i}`)}`,
  );
  const [row] = await queryRows<Record<string, number>>(db, Prisma.sql`SELECT ${Prisma.join(columns, ", ")}`);
  return views.map((_, i) => row?.[`c${i}`] ?? 0);
}
