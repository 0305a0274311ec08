import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import type { UserRow } from "@/lib/db/client";
import { jobRequested } from "@/lib/jobs";
import { isStorableText } from "@/lib/validation/text";
import { actorOf, createUser, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { SAMPLE_PDF } from "@/test/sample-files";
import { cancelOnboardingJobs } from "./cancel-onboarding-jobs";
import { cancelStaffJob } from "./cancel-staff-job";
import { uploadMyDocument } from "./upload-my-document";

// The three inputs the security review saw answer 500 (issue 9, item 7): each
// now gets a clear answer, and a refusal writes nothing.

let t: TestDatabase;
let user: UserRow;
let staff: UserRow;
let product: UserRow;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
  [user, staff, product] = await Promise.all([
    createUser(t.prisma),
    createUser(t.prisma, { role: "staff" }),
    createUser(t.prisma, { role: "product" }),
  ]);
});
afterAll(async () => {
  await t?.close();
});

const opts = () => ({ db: t.prisma });

async function rowCounts() {
  const [documents, jobs, events] = await Promise.all([t.prisma.document.count(), t.prisma.job.count(), t.prisma.jobEvent.count()]);
  return { documents, jobs, events };
}

const pdf = (name: string) => new File([SAMPLE_PDF], name, { type: "application/pdf" });

describe("file names", () => {
  test("a name whose 255th character is half an emoji is cut between whole characters", async () => {
    const name = `${"a".repeat(254)}😀.pdf`;
    const result = await uploadMyDocument.run(actorOf(user), { file: pdf(name) }, opts());

    expect(result).toMatchObject({ ok: true });
    const stored = await t.prisma.document.findFirstOrThrow({ where: { ownerId: user.id }, orderBy: { createdAt: "desc" } });
    expect(isStorableText(stored.fileName)).toBe(true);
    expect(stored.fileName).toBe(`${"a".repeat(254)}😀`);
  });

  test("a NUL in the name is refused with a message on the file field, and nothing is written", async () => {
    const before = await rowCounts();
    const result = await uploadMyDocument.run(actorOf(user), { file: pdf("passport\u0000.pdf") }, opts());

    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(!result.ok && result.error.fieldErrors?.file?.[0]).toMatch(/NUL/);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("cancel reasons", () => {
  test("a NUL in a staff job's cancel reason is refused on the reason field; the job stays pending", async () => {
    const { job } = await jobRequested(t.prisma, { target: { type: "document", id: uniqueId("doc") }, jobType: "staff.review-document" });
    const before = await rowCounts();

    const result = await cancelStaffJob.run(actorOf(staff), { jobId: job.id, reason: "duplicate\u0000" }, opts());

    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(!result.ok && result.error.fieldErrors?.reason?.[0]).toMatch(/NUL/);
    expect(await rowCounts()).toEqual(before);
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("pending");
  });

  test("a NUL in the onboarding cancel reason is refused on the reason field; the jobs stay pending", async () => {
    const person = await createUser(t.prisma);
    await requestOnboardingJobs(t.prisma, person.id);
    const job = await t.prisma.job.findFirstOrThrow({ where: { targetId: person.id, jobType: "onboarding.upload-document" } });
    const before = await rowCounts();

    const result = await cancelOnboardingJobs.run(actorOf(product), { jobIds: [job.id], reason: "left\u0000the company" }, opts());

    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(!result.ok && result.error.fieldErrors?.reason?.[0]).toMatch(/NUL/);
    expect(await rowCounts()).toEqual(before);
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("pending");
  });
});
