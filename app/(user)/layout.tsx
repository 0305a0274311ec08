import type { ReactNode } from "react";
import { requireUser } from "@/lib/server/session";

// Checked here as well as in each page: a layout renders before any loading
// state streams, so a signed-out visitor gets a real redirect (307) instead
// of a streamed one. The pages still check for themselves.
export default async function UserLayout({ children }: { children: ReactNode }) {
  await requireUser();
  return children;
}
