import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { jobsTable, reportException } from "@/lib/jobs";
import { createUser } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { getJobDetail } from "./job-detail";
import { listQueue, QUEUE_PAGE_SIZE, queueFiltersSchema } from "./staff-queue";

// The staff queue sorted by how often its exceptions recurred: most first,
// then oldest, keyset-paged on (-occurrences, created_at, id).

let t: TestDatabase;
let me: string;
const jobType = "staff.rejected-upload";
/** How many times each person's upload was refused, in the order their jobs were opened (a minute apart). */
const refusals = [1, 3, 1, 5, 3, 1, 2];
const people = refusals.map((_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`);

beforeAll(async () => {
  t = await createTestDatabase();
  me = (await createUser(t.prisma, { role: "staff" })).id;
  for (const [i, times] of refusals.entries()) {
    for (let n = 0; n < times; n++) {
      const { job } = await reportException(t.prisma, {
        jobType,
        target: { type: "user", id: people[i]! },
        error: new Error(`refused #${n + 1}`),
        context: { fileName: `scan-${n + 1}.heic` },
        sender: "test",
      });
      await t.prisma.$executeRaw`UPDATE ${jobsTable} SET created_at = now() - ${60 - i} * interval '1 minute' WHERE id = ${job.id}::uuid`;
    }
  }
});
afterAll(async () => {
  await t?.close();
});

const filters = (raw: Record<string, string> = {}) => queueFiltersSchema.parse(raw);
const who = (page: { rows: { targetId: string }[] }) => page.rows.map((r) => people.indexOf(r.targetId) + 1);

describe("the staff queue and occurrences", () => {
  test("rows carry the count and when it was last reported", async () => {
    const { rows } = await listQueue(t.prisma, jobType, filters(), me);
    expect(rows.map((r) => r.occurrences)).toEqual(refusals);
    expect(rows[0]).toMatchObject({ occurrences: 1, lastOccurredAt: null });
    expect(rows[3]).toMatchObject({ occurrences: 5, lastOccurredAt: expect.any(Date) });
  });

  test.each([
    ["oldest first (the default)", {}, [1, 2, 3, 4, 5, 6, 7]],
    ["most occurrences first, ties oldest first", { sort: "occurrences" }, [4, 2, 5, 7, 1, 3, 6]],
    ["an unknown sort falls back to oldest first", { sort: "loudest" }, [1, 2, 3, 4, 5, 6, 7]],
  ])("sorted %s", async (_label, raw, expected) => {
    expect(who(await listQueue(t.prisma, jobType, filters(raw), me))).toEqual(expected);
  });

  test.each([1, 2, 3])("pages of %i by occurrences see every job once, in order, across ties", async (size) => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listQueue(t.prisma, jobType, filters({ sort: "occurrences", ...(cursor ? { cursor } : {}) }), me, size);
      seen.push(...who(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([4, 2, 5, 7, 1, 3, 6]);
  });

  test("a cursor of the other sort is refused as out of date, not misread", async () => {
    const oldest = await listQueue(t.prisma, jobType, filters(), me, 2);
    const byCount = await listQueue(t.prisma, jobType, filters({ sort: "occurrences" }), me, 2);
    await expect(listQueue(t.prisma, jobType, filters({ sort: "occurrences", cursor: oldest.nextCursor! }), me)).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(listQueue(t.prisma, jobType, filters({ cursor: byCount.nextCursor! }), me)).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  test("on a few thousand pending jobs, a later page by occurrences reads about a page of index entries (no sort of the queue)", async () => {
    // 3,000 pending jobs of another staff queue, counts spread 1..40.
    const bulkType = "staff.fix-email-delivery";
    await t.prisma.$executeRaw`
      INSERT INTO ${jobsTable} (id, job_type, target_type, target_id, occurrences, created_at, updated_at, metadata)
      SELECT gen_random_uuid(), ${bulkType}, 'notification', gen_random_uuid()::text, 1 + (g * 7919) % 40,
             now() - g * interval '1 second', now(), '{}'
      FROM generate_series(1, 3000) g`;
    await t.prisma.$executeRaw`ANALYZE ${jobsTable}`;
    const first = await listQueue(t.prisma, bulkType, filters({ sort: "occurrences" }), me);
    expect(first.rows.map((r) => r.occurrences)).toEqual([...first.rows.map((r) => r.occurrences)].sort((a, b) => b - a));

    const reads = await t.prisma.$transaction(async (tx) => {
      // The backend's counters may still hold earlier statements' (flushed about once a second): read the difference.
      const counters = async () => {
        const [row] = await tx.$queryRaw<{ scans: bigint; read: bigint; seq: bigint }[]>`
          SELECT pg_stat_get_xact_numscans('jtbd.jobs_pending_occurrences_idx'::regclass) AS scans,
                 pg_stat_get_xact_tuples_returned('jtbd.jobs_pending_occurrences_idx'::regclass) AS read,
                 pg_stat_get_xact_numscans('jtbd.jobs'::regclass) AS seq`;
        return { scans: Number(row!.scans), read: Number(row!.read), seq: Number(row!.seq) };
      };
      const before = await counters();
      const page = await listQueue(tx, bulkType, filters({ sort: "occurrences", cursor: first.nextCursor! }), me);
      const after = await counters();
      expect(page.rows).toHaveLength(QUEUE_PAGE_SIZE);
      expect(page.rows[0]!.occurrences).toBeLessThanOrEqual(first.rows.at(-1)!.occurrences);
      return { scans: after.scans - before.scans, read: after.read - before.read, seq: after.seq - before.seq };
    });
    expect(reads.seq).toBe(0);
    expect(reads.scans).toBe(1);
    // The cursor is where the scan starts, even inside a run of equal counts (75 jobs each here):
    // one page and the row that says there is more, not the page before it or the 3,000.
    expect(reads.read).toBe(QUEUE_PAGE_SIZE + 1);
  });
});

describe("the job detail of an exception that recurred", () => {
  test("says how often and when last, and its timeline holds each recurrence with its error and context", async () => {
    const { rows } = await listQueue(t.prisma, jobType, filters({ sort: "occurrences" }), me, 1);
    const detail = await getJobDetail(t.prisma, rows[0]!.id);
    expect(detail).toMatchObject({ occurrences: 5, lastOccurredAt: expect.any(Date) });
    expect(detail!.events.map((e) => e.kind)).toEqual(["requested", "recurred", "recurred", "recurred", "recurred"]);
    expect(detail!.events.slice(1).map((e) => e.data)).toMatchObject(
      [2, 3, 4, 5].map((n) => ({
        occurrence: n,
        sender: "test",
        error: { message: `refused #${n}` },
        context: { fileName: `scan-${n}.heic` },
      })),
    );
  });
});
