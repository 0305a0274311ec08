import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { jobTypes } from "@/lib/jobs";
import { createUser } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { requestOnboardingJobs } from "./onboarding";
import { saveProfile } from "./save-profile";
import { verifyEmail } from "./verify-email";
import { jobsTable } from "@/lib/jobs/job-sql";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function onboardedUser() {
  const user = await createUser(t.prisma);
  await requestOnboardingJobs(t.prisma, user.id);
  return user;
}
const statusOf = async (userId: string, jobType: string) =>
  (await t.prisma.job.findFirstOrThrow({ where: { targetId: userId, jobType }, orderBy: { createdAt: "desc" } })).status;

describe("onboarding", () => {
  test("requests one pending job per onboarding step, assigned to the user; again is harmless", async () => {
    const user = await onboardedUser();
    await requestOnboardingJobs(t.prisma, user.id);
    const jobs = await t.prisma.job.findMany({ where: { targetId: user.id }, select: { jobType: true, assignedToId: true, status: true } });
    expect(jobs.map((j) => j.jobType).sort()).toEqual(
      jobTypes
        .onboardingSteps()
        .map((s) => s.key)
        .sort(),
    );
    expect(jobs.every((j) => j.assignedToId === user.id && j.status === "pending")).toBe(true);
  });

  test("saving a complete profile completes its job; saving again is harmless", async () => {
    const user = await onboardedUser();
    await saveProfile(t.prisma, user.id, { name: "Mina Okafor", company: "Acme", jobTitle: "Analyst" });
    await saveProfile(t.prisma, user.id, { name: "Mina Okafor", company: "Acme Ltd", jobTitle: "Analyst" });
    expect(await statusOf(user.id, "onboarding.complete-profile")).toBe("completed");
    expect(
      await t.prisma.jobEvent.count({ where: { job: { targetId: user.id, jobType: "onboarding.complete-profile" }, kind: "completed" } }),
    ).toBe(1);
  });

  test("a profile missing a required field is refused per field and changes nothing", async () => {
    const user = await onboardedUser();
    await expect(saveProfile(t.prisma, user.id, { name: "Mina", company: " ", jobTitle: "" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { company: ["Enter your company."], jobTitle: ["Enter your job title."] },
    });
    expect(await statusOf(user.id, "onboarding.complete-profile")).toBe("pending");
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).company).toBeNull();
  });

  test("opening the verify link verifies the address and completes the job; opening it twice is harmless", async () => {
    const user = await onboardedUser();
    const first = await verifyEmail(t.prisma, user.id);
    const second = await verifyEmail(t.prisma, user.id);
    expect(second).toEqual(first);
    expect(await statusOf(user.id, "onboarding.verify-email")).toBe("completed");
  });

  test("verifying after the job expired still verifies the address and leaves the job expired", async () => {
    const user = await onboardedUser();
    await t.prisma
      .$executeRaw`UPDATE ${jobsTable} SET expires_at = now() - interval '1 minute' WHERE target_id = ${user.id} AND job_type = 'onboarding.verify-email'`;
    await verifyEmail(t.prisma, user.id);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeInstanceOf(Date);
    expect(await statusOf(user.id, "onboarding.verify-email")).toBe("pending");
  });
});

// Invitations are sent as real emails and tested with delivery: lib/invites/invites.test.ts.
