import type { ReactNode } from "react";
import { AREA_ROLES } from "@/lib/auth/roles";
import { requireRole } from "@/lib/server/session";

// Checked here as well as in each page and action: the layout renders before
// a page streams, so a refusal still answers with status 403.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireRole(...AREA_ROLES.admin);
  return children;
}
