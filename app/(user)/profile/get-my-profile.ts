import "server-only";
import type { Db } from "@/lib/db/client";

/** The profile form's saved values and the email it belongs to: the signed-in person's own row only. */
export async function getMyProfile(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, emailVerified: true, name: true, company: true, jobTitle: true },
  });
  return {
    email: user.email,
    emailVerified: user.emailVerified,
    saved: { name: user.name ?? "", company: user.company ?? "", jobTitle: user.jobTitle ?? "" },
  };
}
