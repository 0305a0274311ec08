"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Chevron } from "./chevron";
import { useDisclosure } from "./use-disclosure";

export interface NavItem {
  href: string;
  label: string;
}

function isCurrent(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

const LINK = "flex min-h-11 items-center rounded-md px-3 text-sm font-medium whitespace-nowrap unfolded:px-2.5";

function NavLink({ item, pathname }: { item: NavItem; pathname: string }) {
  const current = isCurrent(pathname, item.href);
  return (
    <Link
      href={item.href}
      aria-current={current ? "page" : undefined}
      className={cn(LINK, current ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100")}
    >
      {item.label}
    </Link>
  );
}

/**
 * The admin pages under one entry. Unfolded, a disclosure whose list drops
 * down below it; folded into the Menu, the same list shown under a plain
 * "Admin" heading (one tap less on a phone, where the Menu is a list anyway).
 */
function AdminGroup({ items, pathname }: { items: NavItem[]; pathname: string }) {
  const { open, rootProps, buttonProps, panelProps } = useDisclosure("admin-menu");
  const current = items.some((item) => isCurrent(pathname, item.href));
  return (
    <li>
      <div {...rootProps} className="relative">
        <button
          {...buttonProps}
          className={cn(
            LINK,
            "hidden gap-1 unfolded:flex",
            current || open ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100",
          )}
        >
          Admin
          <Chevron open={open} />
        </button>
        <span
          aria-hidden="true"
          className="flex min-h-8 items-end px-3 text-xs font-semibold tracking-wide text-slate-500 uppercase unfolded:hidden"
        >
          Admin
        </span>
        <ul
          {...panelProps}
          aria-label="Admin"
          className={cn(
            "flex flex-col gap-1 pl-3 unfolded:absolute unfolded:top-full unfolded:left-0 unfolded:z-20 unfolded:mt-1 unfolded:w-48 unfolded:rounded-md unfolded:border unfolded:border-slate-200 unfolded:bg-white unfolded:p-1 unfolded:shadow-lg",
            open ? "unfolded:flex" : "unfolded:hidden",
          )}
        >
          {items.map((item) => (
            <li key={item.href}>
              <NavLink item={item} pathname={pathname} />
            </li>
          ))}
        </ul>
      </div>
    </li>
  );
}

/**
 * The main links and the account area. Where they do not fit on one line
 * they fold behind a "Menu" button (a disclosure: aria-expanded +
 * aria-controls); the `unfolded:` variant (app/globals.css) marks the widths
 * where they are shown in the bar, which the site header chooses per person.
 * The current page's link carries aria-current.
 */
export function NavMenu({
  items,
  adminItems,
  account,
  beforeToggle,
}: {
  items: NavItem[];
  /** Grouped under one "Admin" entry; none for everyone but admins. */
  adminItems: NavItem[];
  account: ReactNode;
  /** Shown beside the menu button when folded, outside the menu (the bell). */
  beforeToggle?: ReactNode;
}) {
  const pathname = usePathname();
  const { open, rootProps, buttonProps, panelProps } = useDisclosure("site-menu");

  return (
    <div {...rootProps} className="contents">
      {beforeToggle}
      <button
        {...buttonProps}
        className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-3 text-sm font-medium text-slate-800 hover:bg-slate-100 unfolded:hidden"
      >
        {open ? "Close menu" : "Menu"}
      </button>
      <div
        {...panelProps}
        className={cn(
          "w-full flex-col gap-4 border-t border-slate-200 pt-3 unfolded:flex unfolded:w-auto unfolded:min-w-0 unfolded:flex-1 unfolded:flex-row unfolded:items-center unfolded:justify-between unfolded:gap-3 unfolded:border-0 unfolded:pt-0",
          open ? "flex" : "hidden",
        )}
      >
        <nav aria-label="Main">
          <ul className="flex flex-col gap-1 unfolded:flex-row unfolded:gap-0.5">
            {items.map((item) => (
              <li key={item.href}>
                <NavLink item={item} pathname={pathname} />
              </li>
            ))}
            {adminItems.length > 0 && <AdminGroup items={adminItems} pathname={pathname} />}
          </ul>
        </nav>
        {account}
      </div>
    </div>
  );
}
