import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import { jobCompleted } from "@/lib/jobs";
import { createPrismaClient } from "@/lib/db/client";
import type { LoggedStatement } from "@/lib/db/statement-log";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { STALLED_USERS_CSV_HEADER, stalledUsersCsv } from "./stalled-users-csv";
import { jobsTable } from "@/lib/jobs/job-sql";

// The export pages through the whole list with keyset cursors: with a page of
// 2 rows, 5 stalled people take three queries and must all arrive, in order,
// exactly once.

let t: TestDatabase;
const STEP = "onboarding.complete-profile";
const people = [
  { name: "Ann", waitingDays: 9 },
  { name: '=HYPERLINK("http://x")', waitingDays: 8 },
  { name: "Lee, Bo", waitingDays: 5 },
  { name: "Cy", waitingDays: 2 },
  { name: "Di", waitingDays: 0.5 },
];
const now = new Date();

beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
  for (const [i, person] of people.entries()) {
    const user = await t.prisma.user.create({ data: { email: `p${i}@example.test`, name: person.name } });
    await requestOnboardingJobs(t.prisma, user.id);
    // Time travel (test data only): they signed up, and their jobs were asked for, `waitingDays` ago.
    await t.prisma
      .$executeRaw`UPDATE users SET created_at = ${now}::timestamptz - ${person.waitingDays} * interval '1 day' WHERE id = ${user.id}::uuid`;
    await t.prisma
      .$executeRaw`UPDATE ${jobsTable} SET created_at = ${now}::timestamptz - ${person.waitingDays} * interval '1 day' WHERE target_id = ${user.id}`;
  }
  // Someone who finished the step is not stalled there.
  const done = await t.prisma.user.create({ data: { email: "done@example.test", name: "Done" } });
  await requestOnboardingJobs(t.prisma, done.id);
  await jobCompleted(t.prisma, { target: { type: "user", id: done.id }, jobType: STEP, source: "auto" });
});
afterAll(async () => {
  await t?.close();
});

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  // ignoreBOM keeps the byte-order mark in the text, so the test can see it is there.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

test("streams every stalled person once, longest waiting first, page after page, escaped", async () => {
  const text = await read(stalledUsersCsv(t.prisma, { jobType: STEP }, {}, { pageSize: 2, now }));

  expect(text.startsWith("\uFEFF")).toBe(true);
  const lines = text.slice(1).split("\r\n");
  expect(lines.at(-1)).toBe("");
  expect(lines[0]).toBe(STALLED_USERS_CSV_HEADER.join(","));
  const body = lines.slice(1, -1);
  expect(body).toHaveLength(5);
  expect(body.map((line) => line.split(",")[1])).toEqual(["Ann", `"'=HYPERLINK(""http://x"")"`, '"Lee', "Cy", "Di"]);
  expect(body[2]).toContain('"Lee, Bo",p2@example.test,');
  expect(body.every((line) => line.includes(",2. Complete your profile,"))).toBe(true);
  expect(body.map((line) => line.split(",").at(-3))).toEqual(["9", "8", "5", "2", "0.5"]);
});

test("one age bucket and a cohort narrow the export like the page", async () => {
  const bucket = await read(stalledUsersCsv(t.prisma, { jobType: STEP, bucket: "gt7d" }, {}, { pageSize: 1, now }));
  expect(
    bucket
      .split("\r\n")
      .slice(1, -1)
      .map((line) => line.split(",")[1]),
  ).toEqual(["Ann", `"'=HYPERLINK(""http://x"")"`]);

  const cohort = await read(stalledUsersCsv(t.prisma, { jobType: STEP }, { from: new Date(now.getTime() - 3 * 86_400_000) }, { now }));
  expect(
    cohort
      .split("\r\n")
      .slice(1, -1)
      .map((line) => line.split(",")[1]),
  ).toEqual(["Cy", "Di"]);
});

test("an empty list is just the header", async () => {
  const text = await read(stalledUsersCsv(t.prisma, { jobType: STEP }, { from: new Date(now.getTime() + 86_400_000) }, { now }));
  expect(text).toBe(`\uFEFF${STALLED_USERS_CSV_HEADER.join(",")}\r\n`);
});

test("names and emails come from the user target describer: one statement per page of rows, never one per row", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "stalled-csv-"));
  try {
    const exportLogged = async (pageSize: number) => {
      const file = path.join(dir, `page-size-${pageSize}.jsonl`);
      const db = createPrismaClient({ connectionString: t.url, max: 2, statementLogFile: file });
      try {
        const text = await read(stalledUsersCsv(db, { jobType: STEP }, {}, { pageSize, now }));
        const statements = (await readFile(file, "utf8"))
          .split("\n")
          .filter(Boolean)
          .map((line) => (JSON.parse(line) as LoggedStatement).sql);
        return { rows: text.split("\r\n").slice(1, -1), statements };
      } finally {
        await db.$disconnect();
      }
    };
    const people = (statements: string[]) => statements.filter((sql) => /FROM users WHERE id = ANY/.test(sql));

    // 5 rows in pages of 2: three pages, each one query for the page and one for its people.
    const paged = await exportLogged(2);
    expect(paged.rows).toHaveLength(5);
    expect(paged.statements).toHaveLength(6);
    expect(people(paged.statements)).toHaveLength(3);

    // The same 5 rows in one page: one of each, as for one row.
    const whole = await exportLogged(50);
    expect(whole.rows).toEqual(paged.rows);
    expect(whole.statements).toHaveLength(2);
    expect(people(whole.statements)).toHaveLength(1);
    expect(whole.rows[0]).toContain(",Ann,p0@example.test,");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
