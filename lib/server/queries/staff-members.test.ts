import { afterAll, beforeAll, expect, test } from "vitest";
import { createUser } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { listStaffMembers } from "./staff-members";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 2 });
});
afterAll(async () => {
  await t?.close();
});

test("lists staff and admins by name, leaving out users and product people", async () => {
  const zed = await createUser(t.prisma, { role: "staff", name: "Zed" });
  const amy = await createUser(t.prisma, { role: "admin", name: "Amy" });
  await createUser(t.prisma, { role: "user", name: "Uma" });
  await createUser(t.prisma, { role: "product", name: "Pat" });

  expect(await listStaffMembers(t.prisma)).toEqual([
    { id: amy.id, name: "Amy", email: amy.email },
    { id: zed.id, name: "Zed", email: zed.email },
  ]);
});
