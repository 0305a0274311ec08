import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { jobRequested, jobTypes } from "@/lib/jobs";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createUser } from "@/test/fixtures";
import { getStaffQueueView } from "./queries/staff-queue-view";
import { QUEUE_PAGE_SIZE, queueFiltersSchema } from "./queries/staff-queue";
import { describeTargets, targetDescribers } from "./target-describers";

let t: TestDatabase;
let dir: string;
let ada: { id: string; email: string };
let ids: { document: string; invite: string; notification: string; endpoint: string; nameless: string; organisation: string };

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "describers-"));
  const p = t.prisma;
  ada = await createUser(p, { name: "Ada Lovelace", email: "ada@example.test" });
  const nameless = await p.user.create({ data: { email: "no-name@example.test" } });
  const document = await p.document.create({
    data: { ownerId: ada.id, fileName: "passport.pdf", contentType: "application/pdf", sizeBytes: 3, content: Buffer.from("pdf") },
  });
  const invite = await p.invite.create({ data: { inviterId: ada.id, email: "grace@example.test" } });
  const { job } = await jobRequested(p, { target: { type: "user", id: ada.id }, jobType: "staff.rejected-upload" });
  const notification = await p.notification.create({
    data: {
      jobId: job.id,
      recipientId: ada.id,
      channel: "email",
      templateKey: "job-requested",
      rule: "test",
      toAddress: "bounce@example.invalid",
    },
  });
  const endpoint = await p.webhookEndpoint.create({
    data: { url: "https://hooks.example.test/jtbd", description: "CRM sync", eventTypes: ["job.completed"], secret: "whsec_dGVzdA==" },
  });
  const organisation = await p.organisation.create({ data: { name: "Analytical Engines Ltd", website: "https://engines.example.test" } });
  ids = {
    document: document.id,
    invite: invite.id,
    notification: notification.id,
    endpoint: endpoint.id,
    nameless: nameless.id,
    organisation: organisation.id,
  };
});

afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("describeTargets", () => {
  test.each([
    [
      "a person: name, then email",
      () => ({ targetType: "user", targetId: ada.id }),
      () => ({ label: "Ada Lovelace", detail: "ada@example.test", href: null }),
    ],
    [
      "a person with no name: the email",
      () => ({ targetType: "user", targetId: ids.nameless }),
      () => ({ label: "no-name@example.test", detail: null, href: null }),
    ],
    [
      "a document: its file name and owner, linked to its review",
      () => ({ targetType: "document", targetId: ids.document }),
      () => ({ label: "passport.pdf", detail: "uploaded by ada@example.test", href: `/staff/documents/${ids.document}` }),
    ],
    [
      "an invitation: the address and who invited",
      () => ({ targetType: "invite", targetId: ids.invite }),
      () => ({ label: "grace@example.test", detail: "invited by ada@example.test", href: null }),
    ],
    [
      "an email: where it went and its template",
      () => ({ targetType: "notification", targetId: ids.notification }),
      () => ({ label: "Email to bounce@example.invalid", detail: "job-requested", href: null }),
    ],
    [
      "a webhook endpoint: its URL, linked to its page",
      () => ({ targetType: "webhook-endpoint", targetId: ids.endpoint }),
      () => ({ label: "https://hooks.example.test/jtbd", detail: "CRM sync", href: `/staff/webhooks/${ids.endpoint}` }),
    ],
    [
      "an organisation: its name and website",
      () => ({ targetType: "organisation", targetId: ids.organisation }),
      () => ({ label: "Analytical Engines Ltd", detail: "https://engines.example.test", href: null }),
    ],
    [
      "an id in capitals: the same target",
      () => ({ targetType: "user", targetId: ada.id.toUpperCase() }),
      () => ({ label: "Ada Lovelace", detail: "ada@example.test", href: null }),
    ],
    [
      "a target whose row is gone: its type and id, said to be missing",
      () => ({ targetType: "document", targetId: "00000000-0000-7000-8000-000000000000" }),
      () => ({ label: "document 00000000-0000-7000-8000-000000000000", detail: "no such document", href: null }),
    ],
    [
      "an id that is not a uuid: not found, and no failed statement",
      () => ({ targetType: "user", targetId: "someone" }),
      () => ({ label: "user someone", detail: "no such person", href: null }),
    ],
    [
      "a type nobody describes: its type and id",
      () => ({ targetType: "planet", targetId: "mars" }),
      () => ({ label: "planet mars", detail: null, href: null }),
    ],
  ])("%s", async (_label, target, expected) => {
    const describe = await describeTargets(t.prisma, [target()]);
    expect(describe(target())).toEqual(expected());
  });

  test("every target type a job type names has a describer", () => {
    const named = new Set(jobTypes.all.map((definition) => definition.targetType));
    expect([...named].filter((type) => !targetDescribers[type])).toEqual([]);
  });
});

/** A client on its own pool whose every statement is appended to a file, as the bench's server logs them. */
async function countingClient(name: string): Promise<{ db: PrismaClient; count(): Promise<number>; reset(): Promise<void> }> {
  const file = path.join(dir, `${name}.jsonl`);
  await writeFile(file, "");
  const db = createPrismaClient({ connectionString: t.url, max: 4, statementLogFile: file });
  return {
    db,
    count: async () => (await readFile(file, "utf8")).split("\n").filter(Boolean).length,
    reset: () => writeFile(file, ""),
  };
}

test("a full staff queue page costs the same statements as a page of 5: one for the jobs, one for their targets, one for the staff list", async () => {
  const people = await Promise.all(Array.from({ length: QUEUE_PAGE_SIZE + 5 }, () => createUser(t.prisma)));
  for (const person of people) await jobRequested(t.prisma, { target: { type: "user", id: person.id }, jobType: "staff.bounced-invites" });
  const me = (await createUser(t.prisma, { role: "staff" })).id;
  const client = await countingClient("queue-page");
  try {
    const filters = queueFiltersSchema.parse({});
    // Warmed first, so neither count includes a connection's first statements.
    await getStaffQueueView(client.db, "staff.bounced-invites", filters, me);
    await client.reset();
    const full = await getStaffQueueView(client.db, "staff.bounced-invites", filters, me);
    const fullCount = await client.count();
    expect(full.page.rows).toHaveLength(QUEUE_PAGE_SIZE);
    expect(full.page.rows.every((row) => row.target.detail?.endsWith("@example.test"))).toBe(true);

    await client.reset();
    const last = await getStaffQueueView(
      client.db,
      "staff.bounced-invites",
      queueFiltersSchema.parse({ cursor: full.page.nextCursor }),
      me,
    );
    const lastCount = await client.count();
    expect(last.page.rows).toHaveLength(5);
    expect(fullCount).toBe(3);
    expect(lastCount).toBe(fullCount);
  } finally {
    await client.db.$disconnect();
  }
});
