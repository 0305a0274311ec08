import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "@/lib/db/migrate";
import { JOBS_TABLE } from "@/lib/jobs/jobs-schema";
import { createTestDatabase } from "@/test/database";

// Upgrades lose nothing: a database from before organisations, with people
// (named, unnamed, staff), their jobs, documents and invitations, is migrated
// the way `npm run db:migrate` does it. Every row is still there, unchanged;
// every person is in exactly one organisation, their own, as its owner; and
// every invitation got its expiry (14 days after it was sent).

const ORGANISATIONS = "20261130190458_organisations";

async function migrationsBefore(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "jtbd-before-organisations-"));
  const names = (await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  expect(names).toContain(name);
  for (const n of names.filter((n) => n < name)) await cp(path.join(DEFAULT_MIGRATIONS_DIR, n), path.join(dir, n), { recursive: true });
  return dir;
}

const id = (n: number) => `0199b0b0-0000-7000-8000-${String(n).padStart(12, "0")}`;
const [ADA, NONAME, STAFF, BLANK] = [id(1), id(2), id(3), id(4)];

/** Every table the app had before the migration, each row as text, in a stable order. */
const TABLES = ["users", "documents", "invites", "notifications", "rate_limits", "job_notes", JOBS_TABLE];

async function everyRow(client: pg.Client) {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const { rows } = await client.query(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY to_jsonb(t)::text`);
    out[table] = rows.map((r: { row: Record<string, unknown> }) => {
      // The columns the migration adds are compared on their own below.
      const { expires_at: _e, accepted_at: _a, accepted_by_id: _b, ...rest } = r.row;
      return table === "invites" ? rest : r.row;
    });
  }
  return out;
}

test("an existing database keeps every row, and every user ends up in exactly one organisation, as its owner", async () => {
  const db = await createTestDatabase({ empty: true });
  const old = await migrationsBefore(ORGANISATIONS);
  const client = new pg.Client({ connectionString: db.url });
  try {
    await migrate(db.url, old);
    await client.connect();
    await client.query(
      `INSERT INTO users (id, email, name, role, created_at) VALUES
        ($1, 'ada@upgrade.test', 'Ada Lovelace', 'user', '2026-10-01T09:00:00Z'),
        ($2, 'no.name@upgrade.test', NULL, 'user', '2026-10-02T09:00:00Z'),
        ($3, 'sam@upgrade.test', 'Sam Staff', 'staff', '2026-10-03T09:00:00Z'),
        ($4, 'blank@upgrade.test', '   ', 'user', '2026-10-04T09:00:00Z')`,
      [ADA, NONAME, STAFF, BLANK],
    );
    await client.query(
      `INSERT INTO invites (id, inviter_id, email, status, bounce, created_at) VALUES
        ($1, $3, 'friend@upgrade.test', 'sent', NULL, '2026-11-01T10:00:00Z'),
        ($2, $3, 'typo@upgrade.invalid', 'bounced', '550 no such user', '2026-11-02T10:00:00Z')`,
      [id(10), id(11), ADA],
    );
    await client.query(
      `INSERT INTO documents (id, owner_id, file_name, content_type, size_bytes, content) VALUES ($1, $2, 'id.pdf', 'application/pdf', 3, '\\x255044')`,
      [id(20), ADA],
    );
    await client.query(
      `INSERT INTO ${JOBS_TABLE} (id, job_type, status, target_type, target_id, assigned_to_id, created_at, updated_at, metadata)
       VALUES ($1, 'onboarding.invite-teammate', 'pending', 'user', $2::text, $2::text, now(), now(), '{}')`,
      [id(30), ADA],
    );
    await client.query(`INSERT INTO rate_limits (key, hits) VALUES ('sign-in:ip:203.0.113.7', 2)`);
    const before = await everyRow(client);

    expect((await migrate(db.url)).applied).toContain(ORGANISATIONS);

    expect(await everyRow(client)).toEqual(before);
    const { rows: members } = await client.query(
      `SELECT u.email, m.role::text, o.name, o.created_at = u.created_at AS "sinceSignUp",
              (SELECT count(*)::int FROM memberships m2 WHERE m2.user_id = u.id) AS memberships,
              (SELECT count(*)::int FROM memberships m3 WHERE m3.organisation_id = o.id) AS size
       FROM users u JOIN memberships m ON m.user_id = u.id JOIN organisations o ON o.id = m.organisation_id
       ORDER BY u.email`,
    );
    expect(members).toEqual([
      { email: "ada@upgrade.test", role: "owner", name: "Ada Lovelace's team", sinceSignUp: true, memberships: 1, size: 1 },
      { email: "blank@upgrade.test", role: "owner", name: "blank's team", sinceSignUp: true, memberships: 1, size: 1 },
      { email: "no.name@upgrade.test", role: "owner", name: "no.name's team", sinceSignUp: true, memberships: 1, size: 1 },
      { email: "sam@upgrade.test", role: "owner", name: "Sam Staff's team", sinceSignUp: true, memberships: 1, size: 1 },
    ]);
    expect((await client.query(`SELECT count(*)::int AS n FROM organisations`)).rows).toEqual([{ n: 4 }]);
    const { rows: invites } = await client.query(
      `SELECT id::text, expires_at - created_at AS lasts, accepted_at, accepted_by_id FROM invites ORDER BY id`,
    );
    expect(invites).toEqual([
      { id: id(10), lasts: { days: 14 }, accepted_at: null, accepted_by_id: null },
      { id: id(11), lasts: { days: 14 }, accepted_at: null, accepted_by_id: null },
    ]);
    // Migrated again (the next start): nothing to do, nothing doubled.
    expect((await migrate(db.url)).applied).toEqual([]);
    expect((await client.query(`SELECT count(*)::int AS n FROM memberships`)).rows).toEqual([{ n: 4 }]);
  } finally {
    await client.end();
    await rm(old, { recursive: true, force: true });
    await db.close();
  }
});
