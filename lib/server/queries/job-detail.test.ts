import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { jobAssigned, jobCancelled, jobCompleted, jobRequested } from "@/lib/jobs";
import { createUser, expireInThePast, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createApiKey } from "@/lib/api/api-keys";
import { getJobDetail } from "./job-detail";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

describe("getJobDetail", () => {
  test("a review job: target link, metadata, state and its exact audit timeline with people named", async () => {
    const ann = await createUser(t.prisma, { role: "staff", name: "Ann Staff", email: `ann-${uniqueId()}@example.test` });
    const bob = await createUser(t.prisma, { role: "admin", name: "Bob Admin", email: `bob-${uniqueId()}@example.test` });
    const documentId = uniqueId("doc");
    const target = { type: "document", id: documentId };
    const { job } = await jobRequested(t.prisma, {
      target,
      jobType: "staff.review-document",
      metadata: { fileName: "passport.pdf", sizeBytes: 1234 },
      priority: "high",
      sender: "documents.upload",
    });
    await jobAssigned(t.prisma, { jobId: job.id, assignee: ann.id, expectedAssignee: null, by: ann.id, source: "staff" });
    await jobAssigned(t.prisma, { jobId: job.id, assignee: bob.id, by: ann.id, source: "staff" });
    await jobAssigned(t.prisma, { jobId: job.id, assignee: null, by: bob.id, source: "staff" });
    await jobCompleted(t.prisma, {
      target,
      jobType: "staff.review-document",
      jobId: job.id,
      by: bob.id,
      source: "staff",
      note: "Looks genuine.",
    });

    const detail = await getJobDetail(t.prisma, job.id);

    const annRef = { id: ann.id, name: "Ann Staff", email: ann.email };
    const bobRef = { id: bob.id, name: "Bob Admin", email: bob.email };
    expect(detail).toMatchObject({
      id: job.id,
      jobType: "staff.review-document",
      title: "Review an uploaded document",
      status: "completed",
      target: { type: "document", id: documentId, href: `/staff/documents/${documentId}` },
      priority: "high",
      dueAt: expect.any(Date),
      completedAt: expect.any(Date),
      completedBy: bobRef,
      completionSource: "staff",
      resolutionNote: "Looks genuine.",
      metadata: { fileName: "passport.pdf", sizeBytes: 1234 },
      assignee: null,
    });
    expect(detail!.events.map(({ id: _id, at: _at, ...event }) => event)).toEqual([
      { kind: "requested", actor: null, source: "system", data: { sender: "documents.upload" } },
      { kind: "assigned", actor: annRef, source: "staff", data: { from: null, to: ann.id }, assignment: { from: null, to: annRef } },
      { kind: "assigned", actor: annRef, source: "staff", data: { from: ann.id, to: bob.id }, assignment: { from: annRef, to: bobRef } },
      { kind: "assigned", actor: bobRef, source: "staff", data: { from: bob.id, to: null }, assignment: { from: bobRef, to: null } },
      { kind: "completed", actor: bobRef, source: "staff", data: { note: "Looks genuine." } },
    ]);
    const times = detail!.events.map((event) => event.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(detail!.events.map((event) => event.id)).size).toBe(5);
  });

  test("a dismissed job without a product page: no link, the reason on its event", async () => {
    const staff = await createUser(t.prisma, { role: "staff" });
    const target = { type: "user", id: uniqueId("u") };
    const { job } = await jobRequested(t.prisma, { target, jobType: "staff.bounced-invites" });
    await jobCancelled(t.prisma, {
      target,
      jobType: "staff.bounced-invites",
      jobId: job.id,
      by: staff.id,
      source: "staff",
      note: "Address typo; resent.",
    });

    const detail = await getJobDetail(t.prisma, job.id);

    expect(detail).toMatchObject({
      status: "cancelled",
      target: { ...target, href: null },
      resolutionNote: "Address typo; resent.",
      metadata: {},
    });
    expect(detail!.events.map((event) => [event.kind, event.actor?.id ?? null, event.data])).toEqual([
      ["requested", null, {}],
      ["cancelled", staff.id, { note: "Address typo; resent." }],
    ]);
  });

  test("someone who had the job and whose account is gone is still shown by id", async () => {
    const gone = await createUser(t.prisma, { role: "staff" });
    const { job } = await jobRequested(t.prisma, { target: { type: "user", id: uniqueId("u") }, jobType: "staff.rejected-upload" });
    await jobAssigned(t.prisma, { jobId: job.id, assignee: gone.id, source: "system" });
    await t.prisma.user.delete({ where: { id: gone.id } });

    const detail = await getJobDetail(t.prisma, job.id);

    expect(detail!.assignee).toBeNull();
    expect(detail!.events[1]).toMatchObject({
      kind: "assigned",
      actor: null,
      source: "system",
      assignment: { from: null, to: { id: gone.id, name: null, email: null } },
    });
  });

  test("a change made with an API key names the key as its actor", async () => {
    const key = await createApiKey(t.prisma, { name: "billing", scopes: ["jobs:write"] });
    const target = { type: "user", id: uniqueId("u") };
    const { job } = await jobRequested(t.prisma, { target, jobType: "staff.bounced-invites", by: key.id, source: "api" });
    await jobCompleted(t.prisma, { target, jobType: "staff.bounced-invites", by: key.id, source: "api" });

    const detail = await getJobDetail(t.prisma, job.id);

    expect(detail!.completedBy).toEqual({ id: key.id, name: 'API key "billing"', email: null });
    expect(detail!.events.map((event) => [event.kind, event.actor?.name, event.source])).toEqual([
      ["requested", 'API key "billing"', "api"],
      ["completed", 'API key "billing"', "api"],
    ]);
  });

  test("a pending job past its expiry reads as expired", async () => {
    const { job } = await jobRequested(t.prisma, {
      target: { type: "user", id: uniqueId("u") },
      jobType: "staff.bounced-invites",
      expiresAt: new Date(Date.now() + 60_000),
    });
    await expireInThePast(t.prisma, job.id);
    expect(await getJobDetail(t.prisma, job.id)).toMatchObject({ status: "expired" });
  });

  test.each<{ label: string; id: () => Promise<string> }>([
    {
      label: "a user's own job",
      id: async () =>
        (await jobRequested(t.prisma, { target: { type: "user", id: uniqueId("u") }, jobType: "onboarding.read-guide" })).job.id,
    },
    { label: "an id nobody has", id: async () => "0190a0b0-0000-7000-8000-0000000000ff" },
    { label: "a string that is not a uuid", id: async () => "../../etc/passwd" },
  ])("$label is not found (null)", async ({ id }) => {
    expect(await getJobDetail(t.prisma, await id())).toBeNull();
  });
});
