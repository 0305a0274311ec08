import "server-only";
import type { Db } from "@/lib/db/client";
import type { OrganisationRole } from "@/lib/organisations/organisation-roles";

/** More members than this are not listed on the team page (it says how many there are). */
export const MEMBERS_LIMIT = 200;

export interface OrganisationMember {
  id: string;
  name: string;
  email: string;
  role: OrganisationRole;
  joinedAt: Date;
}

export interface MyOrganisation {
  id: string;
  name: string;
  website: string | null;
  industry: string | null;
  /** The viewer's own role. */
  role: OrganisationRole;
  members: OrganisationMember[];
  memberCount: number;
}

const ROLE_ORDER: Record<OrganisationRole, number> = { owner: 0, admin: 1, member: 2 };

/** The organisation `userId` belongs to, with its members; never another's. Null for someone in none. */
export async function getMyOrganisation(db: Db, userId: string): Promise<MyOrganisation | null> {
  const membership = await db.membership.findUnique({
    where: { userId },
    select: { role: true, organisation: { select: { id: true, name: true, website: true, industry: true } } },
  });
  if (!membership) return null;
  const { organisation } = membership;
  const [rows, memberCount] = await Promise.all([
    db.membership.findMany({
      where: { organisationId: organisation.id },
      orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
      take: MEMBERS_LIMIT,
      select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
    db.membership.count({ where: { organisationId: organisation.id } }),
  ]);
  const members = rows
    .map((m) => ({ id: m.user.id, name: m.user.name || m.user.email, email: m.user.email, role: m.role, joinedAt: m.createdAt }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  return { ...organisation, role: membership.role, members, memberCount };
}
