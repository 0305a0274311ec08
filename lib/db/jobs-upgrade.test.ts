import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "@/lib/db/migrate";
import { jobCompleted, jobRequested } from "@/lib/jobs";
import { JOB_EVENTS_TABLE, JOBS_TABLE } from "@/lib/jobs/jobs-schema";
import { createTestDatabase } from "@/test/database";

// An existing database upgrades in place: built at the migration just before
// the jobs moved into @jtbd/engine's schema, filled with users, jobs of every
// status (assigned, completed, with metadata) and their events, then migrated
// the way `npm run db:migrate` and the demo launcher do. Every row and id is
// where it was, and the engine works on them. Once on a PostgreSQL server,
// once on an embedded PGlite folder like the demo's `.data/`.

const MOVE = "20261130162546_move_jobs_to_engine";

/** prisma/migrations up to (not including) MOVE, in a folder of their own. */
async function migrationsBeforeMove(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "jtbd-old-migrations-"));
  const names = (await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  expect(names).toContain(MOVE);
  for (const name of names.filter((n) => n < MOVE))
    await cp(path.join(DEFAULT_MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
  return dir;
}

const ADA = "0199a0a0-0000-7000-8000-00000000000a";
const STAFF = "0199a0a0-0000-7000-8000-00000000000b";
const id = (n: number) => `0199a0a0-0000-7000-8000-${String(n).padStart(12, "0")}`;

/** Today's rows, written the way the app wrote them before the move (public tables, uuid people, public enums). */
async function fillOldDatabase(client: pg.Client): Promise<void> {
  await client.query(`INSERT INTO users (id, email, role) VALUES ($1, 'ada@upgrade.test', 'user'), ($2, 'staff@upgrade.test', 'staff')`, [
    ADA,
    STAFF,
  ]);
  await client.query(
    `INSERT INTO jobs (id, job_type, status, target_type, target_id, assigned_to_id, priority, due_at, created_at, updated_at,
                       completed_at, expires_at, metadata, completed_by_id, completion_source, resolution_note) VALUES
     ($1, 'onboarding.read-guide', 'pending', 'user', $5::text, $5::uuid, 'normal', NULL, '2026-11-01T10:00:00.123Z', '2026-11-01T10:00:00.123Z', NULL, '2099-01-01T00:00:00Z', '{"from":"signup"}', NULL, NULL, NULL),
     ($2, 'onboarding.complete-profile', 'completed', 'user', $5::text, $5::uuid, 'normal', NULL, '2026-11-01T10:00:00Z', '2026-11-02T09:30:00.456Z', '2026-11-02T09:30:00.456Z', '2026-12-01T10:00:00Z', '{"fields":["name","company"]}', $5::uuid, 'auto', NULL),
     ($3, 'staff.review-document', 'cancelled', 'document', 'doc-1', $6::uuid, 'urgent', '2026-11-03T00:00:00Z', '2026-11-01T11:00:00Z', '2026-11-02T12:00:00Z', '2026-11-02T12:00:00Z', NULL, '{"fileName":"id.pdf"}', $6::uuid, 'staff', 'Uploaded twice'),
     ($4, 'onboarding.upload-document', 'expired', 'user', $5::text, $5::uuid, 'low', NULL, '2026-10-01T10:00:00Z', '2026-10-31T10:00:00Z', NULL, '2026-10-31T10:00:00Z', '{}', NULL, NULL, NULL)`,
    [id(1), id(2), id(3), id(4), ADA, STAFF],
  );
  await client.query(
    `INSERT INTO job_events (job_id, kind, actor_id, source, data, created_at) VALUES
     ($1, 'requested', NULL, 'system', '{"sender":"signup"}', '2026-11-01T10:00:00.123Z'),
     ($2, 'requested', NULL, 'system', '{}', '2026-11-01T10:00:00Z'),
     ($2, 'completed', $5::uuid, 'auto', '{"metadata":{"fields":["name","company"]}}', '2026-11-02T09:30:00.456Z'),
     ($3, 'requested', NULL, 'system', '{}', '2026-11-01T11:00:00Z'),
     ($3, 'assigned', $6::uuid, 'staff', jsonb_build_object('from', NULL, 'to', $6::text), '2026-11-01T12:00:00Z'),
     ($3, 'cancelled', $6::uuid, 'staff', '{"note":"Uploaded twice"}', '2026-11-02T12:00:00Z'),
     ($4, 'requested', NULL, 'system', '{}', '2026-10-01T10:00:00Z'),
     ($4, 'expired', NULL, 'system', '{"expiresAt":"2026-10-31T10:00:00.000Z"}', '2026-10-31T10:00:00Z'),
     ($1, 'extended', $6::uuid, 'staff', '{"days":3}', '2026-11-01T13:00:00Z')`,
    [id(1), id(2), id(3), id(4), ADA, STAFF],
  );
  // The newest event deleted: its id was handed out, so no new event may take it.
  await client.query(`DELETE FROM job_events WHERE id = (SELECT max(id) FROM job_events)`);
  await client.query(
    `INSERT INTO notifications (id, job_id, recipient_id, channel, template_key, rule, status) VALUES ($1, $2, $3, 'in_app', 'job-requested', 'requested', 'sent')`,
    [id(99), id(1), ADA],
  );
}

const JOB_ROW = `id::text, job_type, status::text, target_type, target_id, assigned_to_id::text, priority::text, due_at, created_at, updated_at,
  completed_at, expires_at, metadata, completed_by_id::text, completion_source::text, resolution_note`;
const EVENT_ROW = `id::int, job_id::text, kind::text, actor_id::text, source::text, data, created_at`;

async function snapshot(client: pg.Client, jobs: string, events: string) {
  const [j, e] = await Promise.all([
    client.query(`SELECT ${JOB_ROW} FROM ${jobs} ORDER BY id`),
    client.query(`SELECT ${EVENT_ROW} FROM ${events} ORDER BY id`),
  ]);
  return { jobs: j.rows, events: e.rows };
}

async function upgradeAndCheck(url: string, prismaFor: (url: string) => PrismaClient) {
  const old = await migrationsBeforeMove();
  try {
    await migrate(url, old, { jobsEngine: false });
  } finally {
    await rm(old, { recursive: true, force: true });
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let prisma: PrismaClient | undefined;
  try {
    await fillOldDatabase(client);
    const before = await snapshot(client, "public.jobs", "public.job_events");
    const { rows: seq } = await client.query<{ last: number }>(`SELECT last_value::int AS last FROM public.job_events_id_seq`);
    expect(before.jobs).toHaveLength(4);
    expect(before.events).toHaveLength(8);

    const { applied } = await migrate(url);
    expect(applied).toContain(MOVE);

    const after = await snapshot(client, JOBS_TABLE, JOB_EVENTS_TABLE);
    expect(after).toEqual(before);
    const { rows: gone } = await client.query(`SELECT to_regclass('public.jobs') AS jobs, to_regclass('public.job_events') AS events`);
    expect(gone).toEqual([{ jobs: null, events: null }]);
    // The notification still belongs to its job, now through jtbd.jobs.
    const { rows: notes } = await client.query(`SELECT n.id::text FROM notifications n JOIN ${JOBS_TABLE} j ON j.id = n.job_id`);
    expect(notes).toEqual([{ id: id(99) }]);

    // The engine works on the moved rows: the pending job is found by the
    // partial unique index (an idempotent request answers with it), and a
    // new event takes an id after every one the old sequence handed out.
    prisma = prismaFor(url);
    const again = await jobRequested(prisma, {
      target: { type: "user", id: ADA },
      jobType: "onboarding.read-guide",
      assignedTo: ADA,
      idempotent: true,
    });
    expect(again).toMatchObject({ created: false, job: { id: id(1), metadata: { from: "signup" }, assignedToId: ADA } });
    await expect(jobRequested(prisma, { target: { type: "user", id: ADA }, jobType: "onboarding.read-guide" })).rejects.toMatchObject({
      code: "duplicate_pending_job",
    });
    const done = await jobCompleted(prisma, {
      target: { type: "user", id: ADA },
      jobType: "onboarding.read-guide",
      by: ADA,
      source: "user",
    });
    expect(done).toMatchObject({ changed: true, job: { id: id(1), status: "completed", completedById: ADA } });
    await expect(
      jobCompleted(prisma, { target: { type: "document", id: "doc-1" }, jobType: "staff.review-document", source: "staff" }),
    ).rejects.toMatchObject({ code: "job_cancelled" });
    const { rows: newest } = await client.query<{ id: number; kind: string }>(
      `SELECT id::int, kind::text FROM ${JOB_EVENTS_TABLE} WHERE id > $1 ORDER BY id`,
      [seq[0]!.last],
    );
    expect(newest).toEqual([{ id: seq[0]!.last + 1, kind: "completed" }]);
  } finally {
    await prisma?.$disconnect();
    await client.end();
  }
}

describe("upgrading a database from before the jobs engine's schema", () => {
  test("on PostgreSQL: every job and event keeps its row and id, and the engine works on them", async () => {
    const db = await createTestDatabase({ empty: true });
    try {
      await upgradeAndCheck(db.url, (url) => createPrismaClient({ connectionString: url, max: 2 }));
    } finally {
      await db.close();
    }
  });

  describe("on an embedded database kept in a folder (the demo's .data/)", () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "jtbd-demo-data-"));
    });
    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    test("the next start's migrations move the rows in place", async () => {
      const server = await startEmbeddedPostgres({ dataDir, maxConnections: 8 });
      try {
        await upgradeAndCheck(server.url, (url) => createPrismaClient({ connectionString: url, max: 2 }));
      } finally {
        await server.stop();
      }
      // Started again on the same folder (the demo's next start): up to date, rows still there.
      const again = await startEmbeddedPostgres({ dataDir, maxConnections: 8 });
      try {
        expect((await migrate(again.url)).applied).toEqual([]);
        const client = new pg.Client({ connectionString: again.url });
        await client.connect();
        try {
          const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${JOBS_TABLE}`);
          expect(rows).toEqual([{ n: 4 }]);
        } finally {
          await client.end();
        }
      } finally {
        await again.stop();
      }
    });
  });
});
