import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiKey as createApiKeyCommand } from "@/lib/server/commands/create-api-key";
import { revokeApiKey as revokeApiKeyCommand } from "@/lib/server/commands/revoke-api-key";
import { runApiKeyCommand } from "@/scripts/api-key";
import { actorOf, createUser } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { authenticateApiKey, createApiKey, hashApiKey, revokeApiKey } from "./api-keys";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

const bearer = (key: string) => `Bearer ${key}`;

describe("API keys", () => {
  test("the secret is returned once and only its sha256 is stored; the prefix is its start", async () => {
    const created = await createApiKey(t.prisma, { name: "billing", scopes: ["jobs:read", "jobs:write"] });
    expect(created.key).toMatch(/^jtbd_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretHash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);
  });

  test("a good key authenticates with its scopes and records when it was last used", async () => {
    const created = await createApiKey(t.prisma, { name: "support", scopes: ["jobs:read"] });
    const caller = await authenticateApiKey(t.prisma, bearer(created.key));
    expect(caller).toMatchObject({ keyId: created.id, scopes: ["jobs:read"] });
    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  test.each([
    ["no header", null, /Authorization header/],
    ["not Bearer", "Basic abc", /Bearer/],
    ["not one of our keys", "Bearer sk_live_123", /not an API key of this service/],
    ["unknown key", `Bearer jtbd_${"A".repeat(43)}`, /not known/],
  ])("refused: %s", async (_label, header, message) => {
    await expect(authenticateApiKey(t.prisma, header)).rejects.toMatchObject({
      code: "unauthenticated",
      userMessage: expect.stringMatching(message),
    });
  });

  test("revoking takes effect on the very next request", async () => {
    const created = await createApiKey(t.prisma, { name: "revoked", scopes: ["jobs:read"] });
    await authenticateApiKey(t.prisma, bearer(created.key));
    expect(await revokeApiKey(t.prisma, created.id)).toEqual({ revoked: true });
    await expect(authenticateApiKey(t.prisma, bearer(created.key))).rejects.toMatchObject({
      userMessage: expect.stringMatching(/revoked/),
    });
    expect(await revokeApiKey(t.prisma, created.id)).toEqual({ revoked: false });
  });

  test("an expired key is refused", async () => {
    const created = await createApiKey(t.prisma, { name: "old", scopes: ["jobs:read"] });
    await t.prisma.apiKey.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(authenticateApiKey(t.prisma, bearer(created.key))).rejects.toMatchObject({
      userMessage: expect.stringMatching(/expired/),
    });
  });
});

describe("the admin commands", () => {
  test("only an admin may create or revoke a key; the creator is recorded", async () => {
    const admin = actorOf(await createUser(t.prisma, { role: "admin" }));
    const staff = actorOf(await createUser(t.prisma, { role: "staff" }));
    const refused = await createApiKeyCommand.run(staff, { name: "x", scopes: ["jobs:read"] }, { db: t.prisma });
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });

    const created = await createApiKeyCommand.run(admin, { name: "crm", scopes: ["jobs:read"], expiresAt: "" }, { db: t.prisma });
    if (!created.ok) throw new Error(created.error.message);
    const row = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.data.id } });
    expect(row).toMatchObject({ createdById: admin.id, expiresAt: null });

    expect(await revokeApiKeyCommand.run(staff, { keyId: created.data.id }, { db: t.prisma })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await revokeApiKeyCommand.run(admin, { keyId: created.data.id }, { db: t.prisma })).toEqual({
      ok: true,
      data: { revoked: true },
    });
  });

  test.each([
    [{ name: "", scopes: ["jobs:read"] }, "name"],
    [{ name: "x", scopes: [] }, "scopes"],
    [{ name: "x", scopes: ["jobs:delete"] }, "scopes.0"],
    [{ name: "x\u0000", scopes: ["jobs:read"] }, "name"],
    [{ name: "x", scopes: ["jobs:read"], expiresAt: "2001-01-01" }, "expiresAt"],
  ])("bad input is refused on its field and writes nothing: %j", async (input, field) => {
    const admin = actorOf(await createUser(t.prisma, { role: "admin" }));
    const before = await t.prisma.apiKey.count();
    const result = await createApiKeyCommand.run(admin, input, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { [field]: expect.any(Array) } } });
    expect(await t.prisma.apiKey.count()).toBe(before);
  });
});

describe("npm run api-key", () => {
  test("create prints a key that works, alone on the first line", async () => {
    const lines: string[] = [];
    const code = await runApiKeyCommand(["create", "--name", "script", "--scopes", "jobs:read,jobs:write"], t.url, (line) =>
      lines.push(line),
    );
    expect(code).toBe(0);
    const caller = await authenticateApiKey(t.prisma, bearer(lines[0]!));
    expect(caller.scopes).toEqual(["jobs:read", "jobs:write"]);
  });

  test("a bad scope is refused with the usage and no key", async () => {
    const lines: string[] = [];
    const before = await t.prisma.apiKey.count();
    expect(await runApiKeyCommand(["create", "--name", "x", "--scopes", "jobs:everything"], t.url, (line) => lines.push(line))).toBe(2);
    expect(lines.join("\n")).toMatch(/Scopes are jobs:read, jobs:write, webhooks:manage[\s\S]*Usage/);
    expect(await t.prisma.apiKey.count()).toBe(before);
  });
});
