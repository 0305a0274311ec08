import "server-only";
import { type Db, Prisma, queryRows } from "@/lib/db/client";

// What a job is about, in words people know: a person's name and email, a
// document's file name, an invitation's address. A job only holds its target
// as (targetType, targetId); the host, which owns those tables, registers one
// describer per target type here, in this one place. A describer loads a whole
// page of its targets in ONE statement, so a page of 25 jobs costs one query
// per target type on it, never one per row. A target's people are read by a
// subquery on users' primary key, not a join: on a small database the planner
// hashed the join over every user (seen in the bench's page plan check at
// 3,000 users).

export interface TargetDescription {
  /** The words a row shows for its target ("Ada Lovelace", "passport.pdf"). */
  label: string;
  /** A second line, if any ("ada@example.test", "uploaded by …"). */
  detail: string | null;
  /** Where staff see the target, if it has a page. */
  href: string | null;
}

export interface TargetDescriber {
  /** What one of these is called ("person", "document"): says what a missing target was. */
  noun: string;
  /** The targets among `ids` that exist, described; absent ids are left out. One statement. */
  describe(db: Db, ids: readonly string[]): Promise<Map<string, TargetDescription>>;
}

// Target ids are text on the job; every table here is keyed by uuid, and a
// cast of anything else would fail the whole statement.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rows among `ids` that exist, in one statement (none when no id could be one). */
async function loadRows<Row extends { id: string }>(db: Db, ids: readonly string[], sql: (ids: string[]) => Prisma.Sql): Promise<Row[]> {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  return wanted.length === 0 ? [] : queryRows<Row>(db, sql(wanted));
}

function describer<Row extends { id: string }>(
  noun: string,
  sql: (ids: string[]) => Prisma.Sql,
  toDescription: (row: Row) => TargetDescription,
): TargetDescriber {
  return {
    noun,
    async describe(db, ids) {
      return new Map((await loadRows<Row>(db, ids, sql)).map((row) => [row.id, toDescription(row)]));
    },
  };
}

/** A person as the user describer reads them: their name (if they gave one) and email. */
export interface DescribedPerson {
  name: string | null;
  email: string;
}

const peopleSql = (ids: string[]) => Prisma.sql`SELECT id::text AS id, name, email FROM users WHERE id = ANY(${ids}::uuid[])`;

/**
 * The people among `ids` who exist, by id, with their name and email apart:
 * the user describer's one statement, for what needs the two separately (the
 * stalled-users CSV has a column for each).
 */
export async function describePeople(db: Db, ids: readonly string[]): Promise<Map<string, DescribedPerson>> {
  const rows = await loadRows<DescribedPerson & { id: string }>(db, ids, peopleSql);
  return new Map(rows.map(({ id, name, email }) => [id, { name, email }]));
}

/** The describer of every target type a job may have (lib/jobs/job-types.ts). */
export const targetDescribers: Readonly<Record<string, TargetDescriber>> = {
  user: {
    noun: "person",
    async describe(db, ids) {
      const people = await describePeople(db, ids);
      return new Map(
        [...people].map(([id, person]) => {
          const name = person.name?.trim();
          return [id, { label: name || person.email, detail: name ? person.email : null, href: null }];
        }),
      );
    },
  },
  document: describer<{ id: string; fileName: string; ownerEmail: string | null }>(
    "document",
    (ids) => Prisma.sql`
      SELECT d.id::text AS id, d.file_name AS "fileName", (SELECT u.email FROM users u WHERE u.id = d.owner_id) AS "ownerEmail"
      FROM documents d
      WHERE d.id = ANY(${ids}::uuid[])`,
    (row) => ({ label: row.fileName, detail: row.ownerEmail ? `uploaded by ${row.ownerEmail}` : null, href: `/staff/documents/${row.id}` }),
  ),
  invite: describer<{ id: string; email: string; inviterEmail: string | null }>(
    "invitation",
    (ids) => Prisma.sql`
      SELECT i.id::text AS id, i.email, (SELECT u.email FROM users u WHERE u.id = i.inviter_id) AS "inviterEmail"
      FROM invites i
      WHERE i.id = ANY(${ids}::uuid[])`,
    (row) => ({ label: row.email, detail: row.inviterEmail ? `invited by ${row.inviterEmail}` : null, href: null }),
  ),
  notification: describer<{ id: string; templateKey: string; to: string | null }>(
    "email",
    (ids) => Prisma.sql`
      SELECT n.id::text AS id, n.template_key AS "templateKey", COALESCE(n.to_address, (SELECT u.email FROM users u WHERE u.id = n.recipient_id)) AS "to"
      FROM notifications n
      WHERE n.id = ANY(${ids}::uuid[])`,
    (row) => ({ label: row.to ? `Email to ${row.to}` : "Email", detail: row.templateKey, href: null }),
  ),
  organisation: describer<{ id: string; name: string; website: string | null }>(
    "organisation",
    (ids) => Prisma.sql`SELECT id::text AS id, name, website FROM organisations WHERE id = ANY(${ids}::uuid[])`,
    (row) => ({ label: row.name, detail: row.website, href: null }),
  ),
  "webhook-endpoint": describer<{ id: string; url: string; description: string }>(
    "webhook endpoint",
    (ids) => Prisma.sql`SELECT id::text AS id, url, description FROM webhook_endpoints WHERE id = ANY(${ids}::uuid[])`,
    (row) => ({ label: row.url, detail: row.description || null, href: `/staff/webhooks/${row.id}` }),
  ),
};

export interface JobTarget {
  targetType: string;
  targetId: string;
}

/** What a target reads as when nothing describes it (an unregistered type) or its row is gone: its type and id, as jobs hold it. */
export function undescribedTarget(target: JobTarget): TargetDescription {
  const describer = targetDescribers[target.targetType];
  return { label: `${target.targetType} ${target.targetId}`, detail: describer ? `no such ${describer.noun}` : null, href: null };
}

// uuid::text is lower case; an id sent in capitals is still the same target.
const keyOf = (target: JobTarget) => `${target.targetType}\u0000${target.targetId.toLowerCase()}`;

/**
 * Describes a page of targets: one statement per target type present (a
 * staff queue holds one type, so one statement), whatever the page's length.
 * Returns a lookup that always answers, with `undescribedTarget` for a target
 * that no describer knows or whose row is gone.
 */
export async function describeTargets(db: Db, targets: readonly JobTarget[]): Promise<(target: JobTarget) => TargetDescription> {
  const idsByType = new Map<string, string[]>();
  for (const target of targets) {
    if (!targetDescribers[target.targetType]) continue;
    const ids = idsByType.get(target.targetType) ?? [];
    ids.push(target.targetId);
    idsByType.set(target.targetType, ids);
  }
  const found = new Map<string, TargetDescription>();
  await Promise.all(
    [...idsByType].map(async ([targetType, ids]) => {
      for (const [id, description] of await targetDescribers[targetType]!.describe(db, ids))
        found.set(keyOf({ targetType, targetId: id }), description);
    }),
  );
  return (target) => found.get(keyOf(target)) ?? undescribedTarget(target);
}
