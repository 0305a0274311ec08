import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { getCapturedEmail } from "./get-captured-email";

// Opening one email in the dev mailbox: a person reads only mail sent to
// their own address; anyone else's is the same "nothing" as a missing one.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 2 });
});
afterAll(async () => {
  await t?.close();
});

async function capturedTo(to: string) {
  return t.prisma.capturedEmail.create({
    data: { to, subject: "Verify your email address", text: "Open the link", html: "<p>Open the link</p>" },
  });
}

describe("getCapturedEmail", () => {
  test.each<{ label: string; viewer: { email: string; isAdmin: boolean }; sees: boolean }>([
    { label: "the recipient", viewer: { email: "mina@example.test", isAdmin: false }, sees: true },
    { label: "the recipient, typing their address in capitals", viewer: { email: "Mina@Example.TEST", isAdmin: false }, sees: true },
    { label: "someone else", viewer: { email: "other@example.test", isAdmin: false }, sees: false },
    { label: "an admin", viewer: { email: "admin@example.test", isAdmin: true }, sees: true },
  ])("$label: $sees", async ({ viewer, sees }) => {
    const email = await capturedTo("mina@example.test");

    const found = await getCapturedEmail(t.prisma, email.id, viewer);

    if (sees)
      expect(found).toMatchObject({
        id: email.id,
        to: "mina@example.test",
        subject: "Verify your email address",
        html: "<p>Open the link</p>",
      });
    else expect(found).toBeNull();
  });

  test("an id nobody has is null", async () => {
    expect(await getCapturedEmail(t.prisma, crypto.randomUUID(), { email: "admin@example.test", isAdmin: true })).toBeNull();
  });
});
