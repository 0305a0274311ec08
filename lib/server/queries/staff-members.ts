import "server-only";
import { type Db, Prisma, queryRows } from "@/lib/db/client";

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
  // The roles are written into the statement, not sent as parameters: Prisma's
  // `role IN (CAST($1 AS role), …)` cannot be matched to the partial index's
  // predicate, and PostgreSQL read every user instead (seen in the bench's page
  // plan check: Seq Scan on users).
  return queryRows<StaffMember>(
    db,
    Prisma.sql`SELECT id::text AS id, name, email FROM users
               WHERE role IN ('staff', 'admin')
               ORDER BY name ASC NULLS LAST, email ASC
               LIMIT ${STAFF_MEMBERS_LIMIT}`,
  );
}
