import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { jobTypes } from "@/lib/jobs";
import { uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { signUp } from "./sign-up";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

const email = () => `${uniqueId("Ann")}@Example.TEST`;

describe("signUp", () => {
  test("creates a user with a lowercased email, a bcrypt hash and the role user", async () => {
    const address = email();
    const user = await signUp(t.prisma, { name: "  Ann Example ", email: `  ${address} `, password: "correct horse" });

    expect(user).toEqual({ id: expect.any(String), email: address.toLowerCase(), name: "Ann Example", role: "user" });
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).not.toContain("correct horse");
    await expect(verifyPassword("correct horse", row.passwordHash)).resolves.toBe(true);
    await expect(verifyPassword("wrong horse", row.passwordHash)).resolves.toBe(false);
  });

  test("requests the five onboarding jobs for the new user in the same transaction", async () => {
    const user = await signUp(t.prisma, { name: "Onboarding", email: email(), password: "correct horse" });
    const jobs = await t.prisma.job.findMany({
      where: { targetType: "user", targetId: user.id },
      select: { jobType: true, status: true, assignedToId: true },
    });
    expect(jobs.map((j) => j.jobType).sort()).toEqual(
      jobTypes
        .onboardingSteps()
        .map((s) => s.key)
        .sort(),
    );
    expect(jobs.every((j) => j.status === "pending" && j.assignedToId === user.id)).toBe(true);
  });

  test("an email taken in another case is refused with conflict and a field error", async () => {
    const address = email();
    await signUp(t.prisma, { name: "First", email: address, password: "password-1" });

    const second = signUp(t.prisma, { name: "Second", email: address.toUpperCase(), password: "password-2" });

    await expect(second).rejects.toBeInstanceOf(AppError);
    await expect(second).rejects.toMatchObject({
      code: "conflict",
      userMessage: "An account with this email already exists.",
      fieldErrors: { email: [expect.any(String)] },
    });
    expect(await t.prisma.user.count({ where: { email: address.toLowerCase() } })).toBe(1);
  });

  test("two sign-ups racing for one address leave one account and one conflict", async () => {
    const address = email();
    const results = await Promise.allSettled([
      signUp(t.prisma, { name: "A", email: address, password: "password-a" }),
      signUp(t.prisma, { name: "B", email: address, password: "password-b" }),
    ]);

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ code: "conflict" });
    expect(await t.prisma.user.count({ where: { email: address.toLowerCase() } })).toBe(1);
  });

  test.each<{ label: string; input: { name: string; email: string; password: string }; field: string }>([
    { label: "a short password", input: { name: "Ann", email: "ann@example.test", password: "1234567" }, field: "password" },
    { label: "an invalid email", input: { name: "Ann", email: "ann-at-example", password: "long enough" }, field: "email" },
    { label: "a blank name", input: { name: "   ", email: "ann@example.test", password: "long enough" }, field: "name" },
    {
      label: "a password bcrypt would truncate",
      input: { name: "Ann", email: "ann@example.test", password: "x".repeat(73) },
      field: "password",
    },
  ])("refuses $label with invalid_input and creates nothing", async ({ input, field }) => {
    const before = await t.prisma.user.count();
    await expect(signUp(t.prisma, input)).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { [field]: [expect.any(String)] } });
    expect(await t.prisma.user.count()).toBe(before);
  });
});
