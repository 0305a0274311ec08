import type { ReactNode } from "react";
import { AREA_ROLES } from "@/lib/auth/roles";
import { requireRole } from "@/lib/server/session";

// Checked here as well as in each page: a layout renders before the page's
// loading state starts streaming, which is what lets a refusal answer with
// status 403 (once streaming starts the status is fixed at 200).
export default async function StaffLayout({ children }: { children: ReactNode }) {
  await requireRole(...AREA_ROLES.staff);
  return children;
}
