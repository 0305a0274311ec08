import "server-only";
import type { Db } from "@/lib/db/client";

// The people a staff job may be assigned to: staff and admins (admins may do
// everything staff may). Read for the "assign to" select on every staff page,
// through users_staff_idx (partial: staff and admins only), so it reads the
// team's few rows whether there are a thousand users or a million.

export interface StaffMember {
  id: string;
  name: string | null;
  email: string;
}

/** Enough for any real team; the select would be unusable long before this. */
export const STAFF_MEMBERS_LIMIT = 500;

/** Staff and admins, by name then email. */
export async function listStaffMembers(db: Db): Promise<StaffMember[]> {
  return db.user.findMany({
    where: { role: { in: ["staff", "admin"] } },
    orderBy: [{ name: { sort: "asc", nulls: "last" } }, { email: "asc" }],
    take: STAFF_MEMBERS_LIMIT,
    select: { id: true, name: true, email: true },
  });
}
