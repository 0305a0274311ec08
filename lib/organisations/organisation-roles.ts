import type { JobTypeDefinition } from "@/lib/jobs";

export type OrganisationRole = "owner" | "admin" | "member";

/** Who of an organisation a group of its jobs is for. */
export type EligibleGroup = NonNullable<JobTypeDefinition["eligible"]>;

/** Owners and admins run the organisation: its details, and the jobs for "admins". */
export function isOrganisationAdmin(role: OrganisationRole): boolean {
  return role === "owner" || role === "admin";
}

/** May a member with `role` see and do a job for `group`? */
export function isEligible(role: OrganisationRole, group: EligibleGroup): boolean {
  return group === "members" || isOrganisationAdmin(role);
}

/** The name an organisation made at sign-up gets: "Ann's team" (the address's local part when there is no name). */
export function defaultOrganisationName(user: { name: string | null; email: string }): string {
  const who = user.name?.trim() || user.email.split("@")[0] || "My";
  return `${who.slice(0, 100)}'s team`;
}
