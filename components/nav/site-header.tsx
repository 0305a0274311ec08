import Link from "next/link";
import { devMailboxEnabled } from "@/lib/server/dev-mailbox-enabled";
import { AREA_ROLES, hasRole, type Area, type Role } from "@/lib/auth/roles";
import { log } from "@/lib/log";
import { myUnreadCount } from "@/lib/server/queries/my-unread-count";
import { AccountMenu } from "./account-menu";
import { headerFold } from "./header-fold";
import { NavMenu, type NavItem } from "./nav-menu";
import { NotificationBell } from "./notification-bell";
import { SignOutButton } from "./sign-out-button";

const LINKS: (NavItem & { area: Area })[] = [
  { href: "/todo", label: "My jobs", area: "todo" },
  { href: "/profile", label: "Profile", area: "todo" },
  { href: "/documents", label: "Documents", area: "todo" },
  { href: "/team", label: "Team", area: "todo" },
  { href: "/staff", label: "Staff queues", area: "staff" },
  { href: "/insights", label: "Insights", area: "insights" },
];

/** Under one "Admin" entry: three more top-level links would not fit beside the others. */
const ADMIN_LINKS: NavItem[] = [
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/api-reference", label: "API reference" },
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
 * and an account menu (who they are, their settings, sign-out). Showing a link
 * is a convenience, not a permission: every page and action checks the role
 * again.
 *
 * Where it all fits on one line the bar shows it; below that width it folds
 * into the Menu button. That width depends on the links a role has, so it is
 * chosen here per person (headerFold) and handed to CSS as data-fold, read by
 * the `unfolded:` variant (app/globals.css): no script measures anything, so
 * the first paint is already right.
 *
 * The bell is rendered twice and CSS shows one: folded, beside the menu
 * button (so it never hides behind the menu); unfolded, beside the account
 * menu. Each keeps its place in the reading and tab order.
 */
export async function SiteHeader({ person }: SiteHeaderProps) {
  const items = person
    ? LINKS.filter((link) => hasRole(person.role, AREA_ROLES[link.area])).map(({ href, label }) => ({ href, label }))
    : [];
  const adminItems = person && hasRole(person.role, AREA_ROLES.admin) ? ADMIN_LINKS : [];
  const unread = person ? await firstUnreadCount(person.id) : null;
  const mailbox = person !== null && devMailboxEnabled();
  const fold = headerFold({ labels: items.map((item) => item.label), admin: adminItems.length > 0, mailbox });
  return (
    <header data-fold={fold} className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3 unfolded:flex-nowrap unfolded:gap-4">
        <Link href="/" className="flex min-h-11 shrink-0 items-center gap-2 rounded-md font-semibold text-slate-900">
          <svg aria-hidden="true" viewBox="0 0 32 32" className="size-6">
            <rect width="32" height="32" rx="7" fill="#4f46e5" />
            <path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          jtbd
        </Link>
        {person ? (
          <NavMenu
            items={items}
            adminItems={adminItems}
            beforeToggle={unread && <NotificationBell {...unread} className="ml-auto inline-flex unfolded:hidden" />}
            account={
              <div className="flex flex-col gap-2 unfolded:flex-row unfolded:items-center unfolded:gap-2">
                {mailbox && (
                  // Outside the Main nav on purpose: it is a development tool, not an area of the product.
                  <Link
                    href="/dev/mailbox"
                    className="flex min-h-11 items-center self-start rounded-md border border-dashed border-amber-500 px-3 text-sm font-medium whitespace-nowrap text-amber-900 hover:bg-amber-50 unfolded:self-auto unfolded:px-2.5"
                  >
                    Dev mailbox
                  </Link>
                )}
                {unread && <NotificationBell {...unread} className="hidden unfolded:inline-flex" />}
                <AccountMenu name={person.name ?? person.email} email={person.email} signOut={<SignOutButton />} />
              </div>
            }
          />
        ) : (
          <nav aria-label="Account">
            <ul className="flex gap-2">
              <li>
                <Link
                  href="/signin"
                  className="flex min-h-11 items-center rounded-md px-3 text-sm font-medium text-slate-700 hover:bg-slate-100"
                >
                  Sign in
                </Link>
              </li>
              <li>
                <Link
                  href="/signup"
                  className="flex min-h-11 items-center rounded-md bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-700"
                >
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
