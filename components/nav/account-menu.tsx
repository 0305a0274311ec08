"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Chevron } from "./chevron";
import { useDisclosure } from "./use-disclosure";

const PAGES = [
  { href: "/settings/account", label: "Settings" },
  { href: "/settings/notifications", label: "Email preferences" },
] as const;

/**
 * Who is signed in, their settings and sign-out. Unfolded, behind one
 * disclosure button showing the person's name (cut short with an ellipsis, so
 * a long name cannot push the header wider than the screen) that drops a
 * panel down at the right edge; folded into the Menu, the same panel shown as
 * part of it, without the button.
 */
export function AccountMenu({ name, email, signOut }: { name: string; email: string; signOut: ReactNode }) {
  const pathname = usePathname();
  const { open, rootProps, buttonProps, panelProps } = useDisclosure("account-menu");
  const onSettings = PAGES.some((page) => page.href === pathname);
  return (
    <div {...rootProps} className="relative">
      <button
        {...buttonProps}
        // The visible name first, so voice control users can say what they see.
        aria-label={`${name}: account menu`}
        className={cn(
          "hidden min-h-11 max-w-44 items-center gap-1 rounded-md px-2.5 text-sm font-medium unfolded:inline-flex",
          onSettings || open ? "bg-indigo-50 text-indigo-800" : "text-slate-800 hover:bg-slate-100",
        )}
      >
        <span className="truncate">{name}</span>
        <Chevron open={open} />
      </button>
      <div
        {...panelProps}
        className={cn(
          "flex flex-col gap-1 unfolded:absolute unfolded:top-full unfolded:right-0 unfolded:z-20 unfolded:mt-1 unfolded:w-72 unfolded:rounded-md unfolded:border unfolded:border-slate-200 unfolded:bg-white unfolded:p-1 unfolded:shadow-lg",
          open ? "unfolded:flex" : "unfolded:hidden",
        )}
      >
        <p className="px-3 py-2 text-sm text-slate-600">
          <span className="sr-only">Signed in as </span>
          <span className="block font-medium text-slate-900 wrap-anywhere">{name}</span>
          {name !== email && <span className="block text-xs wrap-anywhere">{email}</span>}
        </p>
        <ul className="flex flex-col gap-1 border-t border-slate-200 pt-1">
          {PAGES.map((page) => {
            const current = page.href === pathname;
            return (
              <li key={page.href}>
                <Link
                  href={page.href}
                  aria-current={current ? "page" : undefined}
                  className={cn(
                    "flex min-h-11 items-center rounded-md px-3 text-sm font-medium whitespace-nowrap",
                    current ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100",
                  )}
                >
                  {page.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="border-t border-slate-200 pt-1">{signOut}</div>
      </div>
    </div>
  );
}
