import Link from "next/link";
import { devMailboxEnabled } from "@/lib/server/dev-mailbox-enabled";
import { AREA_ROLES, hasRole, type Area, type Role } from "@/lib/auth/roles";
import { log } from "@/lib/log";
import { myUnreadCount } from "@/lib/server/queries/my-unread-count";
import { NavMenu, type NavItem } from "./nav-menu";
import { NotificationBell } from "./notification-bell";
import { SettingsLink } from "./settings-link";
import { SignOutButton } from "./sign-out-button";

const LINKS: (NavItem & { area: Area })[] = [
  { href: "/todo", label: "My jobs", area: "todo" },
  { href: "/profile", label: "Profile", area: "todo" },
  { href: "/documents", label: "Documents", area: "todo" },
  { href: "/team", label: "Team", area: "todo" },
  { href: "/staff", label: "Staff queues", area: "staff" },
  { href: "/insights", label: "Insights", area: "insights" },
  { href: "/admin/api-keys", label: "API", area: "admin" },
];

export interface SiteHeaderProps {
  /** The signed-in person, or null on the sign-in and sign-up pages. */
  person: { id: string; name: string | null; email: string; role: Role } | null;
}

/**
 * The bell's first number, counted while the page renders so it is right
 * before any script runs. A failure here must not take the page down: the
 * bell then asks for the count itself.
 */
async function firstUnreadCount(personId: string): Promise<{ initialCount: number | null; countedAt: number }> {
  const countedAt = Date.now();
  try {
    return { initialCount: await myUnreadCount(personId), countedAt };
  } catch (error) {
    log.error("site header: could not count unread notifications; the bell will ask again", { personId, error });
    return { initialCount: null, countedAt };
  }
}

/**
 * The top bar: the links this person's role may open, the notification bell,
 * who they are, their settings, and sign-out. Showing a link is a convenience, not a
 * permission: every page and action checks the role again.
 *
 * The bell is rendered twice and CSS shows one: on a phone or tablet beside
 * the menu button (so it never hides behind the menu), from the lg breakpoint
 * up (where the menu unfolds) in the account area. Each keeps its place in the
 * reading and tab order.
 */
export async function SiteHeader({ person }: SiteHeaderProps) {
  const items = person ? LINKS.filter((link) => hasRole(person.role, AREA_ROLES[link.area])).map(({ href, label }) => ({ href, label })) : [];
  const unread = person ? await firstUnreadCount(person.id) : null;
  const mailbox = person !== null && devMailboxEnabled();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 lg:flex-nowrap lg:gap-4 xl:gap-6">
        <Link href="/" className="flex min-h-11 items-center gap-2 rounded-md font-semibold text-slate-900">
          <svg aria-hidden="true" viewBox="0 0 32 32" className="size-6">
            <rect width="32" height="32" rx="7" fill="#4f46e5" />
            <path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          jtbd
        </Link>
        {person ? (
          <NavMenu
            items={items}
            beforeToggle={unread && <NotificationBell {...unread} className="ml-auto inline-flex lg:hidden" />}
            account={
              <div className="flex flex-col gap-2 lg:flex-row lg:items-center lg:gap-3">
                {mailbox && (
                  // Outside the Main nav on purpose: it is a development tool, not an area of the product.
                  <Link href="/dev/mailbox" className="flex min-h-11 items-center self-start rounded-md border border-dashed whitespace-nowrap border-amber-500 px-3 text-sm font-medium text-amber-900 hover:bg-amber-50 lg:self-auto">
                    Dev mailbox
                  </Link>
                )}
                {unread && <NotificationBell {...unread} className="hidden lg:inline-flex" />}
                <p className="text-sm text-slate-600">
                  <span className="sr-only">Signed in as </span>
                  <span className="font-medium whitespace-nowrap text-slate-900">{person.name ?? person.email}</span>
                  {person.name && <span className="block text-xs lg:hidden">{person.email}</span>}
                </p>
                <SettingsLink />
                <SignOutButton />
              </div>
            }
          />
        ) : (
          <nav aria-label="Account">
            <ul className="flex gap-2">
              <li>
                <Link href="/signin" className="flex min-h-11 items-center rounded-md px-3 text-sm font-medium text-slate-700 hover:bg-slate-100">
                  Sign in
                </Link>
              </li>
              <li>
                <Link href="/signup" className="flex min-h-11 items-center rounded-md bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-700">
                  Create account
                </Link>
              </li>
            </ul>
          </nav>
        )}
      </div>
    </header>
  );
}
