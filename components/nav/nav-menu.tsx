"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export interface NavItem {
  href: string;
  label: string;
}

function isCurrent(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The main links and the account area. On a phone or tablet they fold behind
 * a "Menu" button (a disclosure: aria-expanded + aria-controls); from the lg
 * breakpoint up (1024px), where they fit on one line, they are always shown.
 * The current page's link carries aria-current.
 */
export function NavMenu({ items, account, beforeToggle }: { items: NavItem[]; account: ReactNode; /** Shown beside the menu button on a phone, outside the menu (the bell). */ beforeToggle?: ReactNode }) {
  const pathname = usePathname();
  // Remember where the menu was opened: navigating elsewhere closes it without an effect.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const open = openAt === pathname;
  const toggle = useRef<HTMLButtonElement>(null);

  function closeOnEscape(event: KeyboardEvent) {
    if (event.key === "Escape" && open) {
      setOpenAt(null);
      toggle.current?.focus();
    }
  }

  return (
    <div className="contents" onKeyDown={closeOnEscape}>
      {beforeToggle}
      <button
        ref={toggle}
        type="button"
        className="inline-flex min-h-11 items-center rounded-md border border-slate-300 px-3 text-sm font-medium text-slate-800 hover:bg-slate-100 lg:hidden"
        aria-expanded={open}
        aria-controls="site-menu"
        onClick={() => setOpenAt(open ? null : pathname)}
      >
        {open ? "Close menu" : "Menu"}
      </button>
      <div
        id="site-menu"
        className={cn(
          "w-full flex-col gap-4 border-t border-slate-200 pt-3 lg:flex lg:w-auto lg:flex-1 lg:flex-row lg:items-center lg:justify-between lg:border-0 lg:pt-0",
          open ? "flex" : "hidden",
        )}
      >
        <nav aria-label="Main">
          <ul className="flex flex-col gap-1 lg:flex-row xl:gap-2">
            {items.map((item) => {
              const current = isCurrent(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current ? "page" : undefined}
                    className={cn(
                      "flex min-h-11 items-center rounded-md px-3 text-sm font-medium whitespace-nowrap",
                      current ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100",
                    )}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        {account}
      </div>
    </div>
  );
}
