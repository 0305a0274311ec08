import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createPrismaClient, Prisma, queryRows } from "./client";
import type { LoggedStatement } from "./statement-log";

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 1 });
  dir = await mkdtemp(path.join(tmpdir(), "statement-log-"));
});

afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

test("logs what both front doors send, with its parameters: Prisma's model API and queryRows", async () => {
  const file = path.join(dir, "statements.jsonl");
  const db = createPrismaClient({ connectionString: t.url, max: 2, statementLogFile: file });
  try {
    await db.user.findMany({ where: { email: "nobody@example.test" }, select: { id: true } });
    await queryRows(db, Prisma.sql`SELECT ${41}::int + 1 AS answer`);
  } finally {
    await db.$disconnect();
  }
  const logged = (await readFile(file, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as LoggedStatement);
  expect(logged).toContainEqual({
    sql: expect.stringMatching(/FROM "public"\."users"/),
    params: expect.arrayContaining(["nobody@example.test"]),
  });
  expect(logged).toContainEqual({ sql: "SELECT $1::int + 1 AS answer", params: [41] });
});
