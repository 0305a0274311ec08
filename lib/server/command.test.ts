import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { command } from "./command";
import type { Actor } from "./session";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const actor = (role: Role): Actor => ({ id: "0190a0b0-0000-7000-8000-000000000001", email: `${role}@example.test`, name: role, role });

const echo = command({ name: "echo", input: z.object({ word: z.string().min(2, "Too short.") }) }, async ({ actor, input, db }) => {
  const [{ one }] = await db.$queryRaw<[{ one: number }]>`SELECT 1 AS one`;
  return { word: input.word, by: actor.id, one };
});

const staffOnly = command({ name: "staffOnly", input: z.object({}), roles: ["staff"] }, async () => "done");

describe("command()", () => {
  test("runs the handler with the actor, the parsed input and the supplied database", async () => {
    await expect(echo.run(actor("user"), { word: "hi" }, { db: t.prisma })).resolves.toEqual({
      ok: true,
      data: { word: "hi", by: actor("user").id, one: 1 },
    });
  });

  test("a signed-out caller is refused before anything runs", async () => {
    const handler = vi.fn(async () => "ran");
    const cmd = command({ name: "spy", input: z.object({}) }, handler);
    const result = await cmd.run(null, {}, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(handler).not.toHaveBeenCalled();
  });

  test.each<{ label: string; role: Role; ok: boolean }>([
    { label: "staff may", role: "staff", ok: true },
    { label: "admin may (admin may do everything)", role: "admin", ok: true },
    { label: "a plain user may not", role: "user", ok: false },
    { label: "product may not", role: "product", ok: false },
  ])("roles: $label run a staff command", async ({ role, ok }) => {
    const result = await staffOnly.run(actor(role), {}, { db: t.prisma });
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.error.code).toBe("forbidden");
  });

  test.each<{ label: string; input: unknown; fieldErrors: Record<string, string[]> }>([
    { label: "too short", input: { word: "a" }, fieldErrors: { word: ["Too short."] } },
    { label: "missing field", input: {}, fieldErrors: { word: [expect.any(String)] } },
    { label: "not an object", input: "word", fieldErrors: { _: [expect.any(String)] } },
  ])("bad input ($label) answers invalid_input with field errors", async ({ input, fieldErrors }) => {
    const result = await echo.run(actor("user"), input, { db: t.prisma });
    expect(result).toEqual({ ok: false, error: { code: "invalid_input", message: expect.any(String), fieldErrors } });
  });

  test("an AppError reaches the person as its user message, never the internal one", async () => {
    const cmd = command({ name: "refuses", input: z.object({}) }, async () => {
      throw new AppError("conflict", "Someone else got there first.", {
        internal: "row 42 locked by tx 7",
        fieldErrors: { jobId: ["Taken."] },
      });
    });
    await expect(cmd.run(actor("user"), {}, { db: t.prisma })).resolves.toEqual({
      ok: false,
      error: { code: "conflict", message: "Someone else got there first.", fieldErrors: { jobId: ["Taken."] } },
    });
  });

  test("an unknown error is logged with context and answered with a generic message", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const cmd = command({ name: "explodes", input: z.object({}) }, async () => {
      throw new Error("connection to 10.0.0.5:5432 refused (password=hunter2)");
    });
    const result = await cmd.run(actor("staff"), {}, { db: t.prisma });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("internal");
    expect(result.error.message).not.toMatch(/10\.0\.0\.5|hunter2|Error/);
    expect(result.error.fieldErrors).toBeUndefined();

    expect(logged).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(logged.mock.calls[0]![0])) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: "error",
      command: "explodes",
      actorId: actor("staff").id,
      error: { message: expect.stringContaining("refused") },
    });
  });
});
