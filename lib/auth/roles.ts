import type { Role as DbRole } from "@/lib/db/client";

// Roles and what each may open. Framework-free and free of the Prisma client
// (the import above is type-only), so client components can use it too.

export const ROLES = ["user", "staff", "product", "admin"] as const;

export type Role = (typeof ROLES)[number];

// Fails to compile if the database enum and this list drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rolesMatchDatabase: Same<Role, DbRole> = true;
void rolesMatchDatabase;

/** Who may open each area of the app. Admin may open everything (see `hasRole`). */
export const AREA_ROLES = {
  todo: ROLES,
  staff: ["staff", "admin"],
  insights: ["product", "admin"],
  /** API keys and webhooks: nobody but admins (whom `hasRole` always lets in). */
  admin: [],
} as const satisfies Record<string, readonly Role[]>;

export type Area = keyof typeof AREA_ROLES;

/** Whether `role` is one of `allowed`. Admin is allowed everywhere. */
export function hasRole(role: Role, allowed: readonly Role[]): boolean {
  return role === "admin" || allowed.includes(role);
}
