"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const PAGES = [
  { href: "/settings/account", label: "Account" },
  { href: "/settings/notifications", label: "Email preferences" },
] as const;

/** The settings pages, side by side above each of them; the open one carries aria-current. */
export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="mb-4">
      <ul className="flex flex-wrap gap-2">
        {PAGES.map((page) => {
          const current = pathname === page.href;
          return (
            <li key={page.href}>
              <Link
                href={page.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "flex min-h-11 items-center rounded-md border px-3 text-sm font-medium",
                  current
                    ? "border-indigo-300 bg-indigo-50 text-indigo-800"
                    : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100",
                )}
              >
                {page.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
