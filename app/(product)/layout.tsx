import type { ReactNode } from "react";
import { AREA_ROLES } from "@/lib/auth/roles";
import { requireRole } from "@/lib/server/session";

// See app/(staff)/layout.tsx: checked before streaming so a refusal is a 403.
export default async function ProductLayout({ children }: { children: ReactNode }) {
  await requireRole(...AREA_ROLES.insights);
  return children;
}
