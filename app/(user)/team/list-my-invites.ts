import "server-only";
import type { Db } from "@/lib/db/client";

/** How many of a person's invitations the team page lists, newest first. */
export const MY_INVITES_LIMIT = 50;

/** The invitations `userId` sent, newest first. Never anyone else's. */
export function listMyInvites(db: Db, userId: string) {
  return db.invite.findMany({
    where: { inviterId: userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MY_INVITES_LIMIT,
    select: { id: true, email: true, status: true, bounce: true, createdAt: true },
  });
}
