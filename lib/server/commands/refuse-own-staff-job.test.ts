import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createUser } from "@/test/fixtures";
import { refuseOwnStaffJob } from "./refuse-own-staff-job";

// The ownership check runs on every staff decision: it must find the row by its
// primary key, not cast every id to text and scan the table.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 2 });
});
afterAll(async () => {
  await t?.close();
});

type Tx = Parameters<Parameters<typeof t.prisma.$transaction>[0]>[0];

/**
 * Sequential scans of invites made by `run`, in a transaction rolled back
 * afterwards where the inviter index is gone (else a scan of that index
 * filtering on id::text would pass for a primary key lookup) and a
 * sequential scan is the planner's last resort.
 */
async function inviteTableScans(run: (tx: Tx) => Promise<unknown>): Promise<number> {
  let scans = -1;
  const rollback = new Error("rollback");
  await t.prisma
    .$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      await tx.$executeRaw`DROP INDEX invites_inviter_id_created_at_idx`;
      await run(tx);
      const [row] = await tx.$queryRaw<
        { scans: bigint }[]
      >`SELECT seq_scan AS scans FROM pg_stat_xact_user_tables WHERE relname = 'invites'`;
      scans = Number(row!.scans);
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return scans;
}

describe("refuseOwnStaffJob", () => {
  test("finds an invitation by its primary key and refuses its own inviter", async () => {
    const staff = await createUser(t.prisma, { role: "staff" });
    const invite = await t.prisma.invite.create({ data: { inviterId: staff.id, email: "someone@example.com" } });
    const scans = await inviteTableScans((tx) =>
      refuseOwnStaffJob(tx, { targetType: "invite", targetId: invite.id }, staff.id, "resolve").catch((error: unknown) => error),
    );
    expect(scans).toBe(0);
    await expect(refuseOwnStaffJob(t.prisma, { targetType: "invite", targetId: invite.id }, staff.id, "resolve")).rejects.toMatchObject({
      code: "not_allowed",
    });
  });

  test("a target id that is not a UUID owns nothing (no cast error)", async () => {
    const staff = await createUser(t.prisma, { role: "staff" });
    for (const targetType of ["document", "invite", "notification"]) {
      await expect(refuseOwnStaffJob(t.prisma, { targetType, targetId: "not-a-uuid" }, staff.id, "resolve")).resolves.toBeUndefined();
    }
  });
});
