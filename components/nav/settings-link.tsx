"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** The header's way to the settings pages (account, email preferences); current on any of them. */
export function SettingsLink() {
  const current = usePathname().startsWith("/settings");
  return (
    <Link
      href="/settings/account"
      aria-current={current ? "page" : undefined}
      className={cn(
        "flex min-h-11 items-center self-start rounded-md px-3 text-sm font-medium whitespace-nowrap lg:self-auto",
        current ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100",
      )}
    >
      Settings
    </Link>
  );
}
