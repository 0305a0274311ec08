import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { countRows, requestRetiredJob, uniqueId } from "@/test/fixtures";
import { jobCompleted, jobRequested, jobTypes, reportException } from "./index";
import { defineJobTypes, type JobTypeDefinition } from "./registry";

// A retired job type stays registered so its pending jobs drain, and takes no
// new requests, whichever way they come.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const RETIRED = "staff.bounced-invite";
const invite = () => ({ type: "invite", id: uniqueId("inv") });

describe("requesting a retired type", () => {
  test("the product's registry marks the per-invite bounce job retired, replaced by the per-inviter one", () => {
    expect(jobTypes.get(RETIRED)).toMatchObject({ retired: true, replacedBy: "staff.bounced-invites" });
    expect(jobTypes.get("staff.bounced-invites")?.retired).toBeUndefined();
  });

  test.each([
    { label: "jobRequested", request: () => jobRequested(t.prisma, { target: invite(), jobType: RETIRED }) },
    { label: "jobRequested, idempotent", request: () => jobRequested(t.prisma, { target: invite(), jobType: RETIRED, idempotent: true }) },
    {
      label: "reportException",
      request: () =>
        reportException(t.prisma, { target: invite(), jobType: RETIRED, error: new Error("550 no such user"), sender: "test" }),
    },
  ])("$label is refused with not_allowed, naming the replacement, and writes nothing", async ({ request }) => {
    const before = await countRows(t.prisma);
    await expect(request()).rejects.toMatchObject({
      code: "not_allowed",
      userMessage: `"${RETIRED}" is retired: no new jobs of this type can be requested. Request "staff.bounced-invites" instead.`,
    });
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test("a job requested before the type was retired can still be finished", async () => {
    const job = await requestRetiredJob(t.prisma, { jobType: RETIRED, target: invite() });
    const done = await jobCompleted(t.prisma, {
      target: { type: job.targetType, id: job.targetId },
      jobType: RETIRED,
      source: "staff",
      note: "Resent.",
    });
    expect(done).toMatchObject({ changed: true, job: { id: job.id, status: "completed" } });
  });
});

describe("declaring retired types", () => {
  const base: JobTypeDefinition = {
    key: "a.new",
    title: "T",
    description: "D",
    audience: "staff",
    completion: "manual",
    targetType: "user",
  };
  test.each([
    ["a replacement on a type that is not retired", [base, { ...base, key: "a.old", replacedBy: "a.new" }], /not retired/],
    ["a replacement nobody registered", [{ ...base, key: "a.old", retired: true, replacedBy: "a.gone" }], /not a registered, current type/],
    [
      "a replacement that is retired itself",
      [
        { ...base, retired: true },
        { ...base, key: "a.old", retired: true, replacedBy: "a.new" },
      ],
      /not a registered, current type/,
    ],
  ])("refuses %s", (_label, defs, message) => {
    expect(() => defineJobTypes(defs)).toThrow(message);
  });

  test("requireRequestable answers a current type, refuses a retired one and an unknown one", () => {
    const registry = defineJobTypes([base, { ...base, key: "a.old", retired: true }]);
    expect(registry.requireRequestable("a.new").key).toBe("a.new");
    expect(() => registry.requireRequestable("a.old")).toThrow(expect.objectContaining({ code: "not_allowed" }));
    expect(() => registry.requireRequestable("a.nope")).toThrow(expect.objectContaining({ code: "unknown_job_type" }));
  });
});
