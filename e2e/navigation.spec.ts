import type { Locator, Page } from "@playwright/test";
import type { Role } from "../lib/auth/roles";
import { expectNoSeriousViolations } from "./axe";
import { expect, openAccountMenu, openDisclosure, signIn, siteMenuButton, test } from "./fixtures";

/** `unfoldsAt`: the narrowest screen on which the header shows this role's links in the bar (the e2e build has the dev mailbox on). */
const ROLE_LINKS: { role: Role; links: string[]; admin: string[]; unfoldsAt: number }[] = [
  { role: "user", links: ["My jobs", "Profile", "Documents", "Team"], admin: [], unfoldsAt: 1024 },
  { role: "staff", links: ["My jobs", "Profile", "Documents", "Team", "Staff queues"], admin: [], unfoldsAt: 1024 },
  { role: "product", links: ["My jobs", "Profile", "Documents", "Team", "Insights"], admin: [], unfoldsAt: 1024 },
  {
    role: "admin",
    links: ["My jobs", "Profile", "Documents", "Team", "Staff queues", "Insights"],
    admin: ["API keys", "Webhooks", "API reference"],
    unfoldsAt: 1280,
  },
];

for (const { role, links, admin } of ROLE_LINKS) {
  test(`the nav shows the ${role} role exactly the areas it may open`, async ({ page, createUser }) => {
    const person = await createUser({ role });
    await signIn(page, person.email, person.password);

    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(links);
    await expect(nav.getByRole("link", { name: "My jobs" })).toHaveAttribute("aria-current", "page");
    for (const link of links) {
      await nav.getByRole("link", { name: link }).click();
      await expect(page.getByRole("heading", { level: 1, name: link })).toBeVisible();
    }

    const adminMenu = nav.getByRole("button", { name: "Admin" });
    await expect(adminMenu).toHaveCount(admin.length > 0 ? 1 : 0);
    for (const link of admin) {
      await openDisclosure(adminMenu);
      await expect(nav.getByRole("list", { name: "Admin" }).getByRole("link")).toHaveText(admin);
      await nav.getByRole("link", { name: link }).click();
      await expect(page.getByRole("heading", { level: 1, name: link })).toBeVisible();
      // Leaving for the page closed the menu; the link says where we are once it opens again.
      await expect(adminMenu).toHaveAttribute("aria-expanded", "false");
      await openDisclosure(adminMenu);
      await expect(nav.getByRole("link", { name: link })).toHaveAttribute("aria-current", "page");
    }
  });
}

test("Settings in the account menu leads to the account page, Email preferences to theirs", async ({ page, createUser }) => {
  const user = await createUser();
  await signIn(page, user.email, user.password);
  const banner = page.getByRole("banner");
  const account = banner.getByRole("button", { name: "account menu" });

  await openAccountMenu(page);
  await banner.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL("/settings/account");
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await expect(account).toHaveAttribute("aria-expanded", "false");
  const settings = page.getByRole("navigation", { name: "Settings" });
  await expect(settings.getByRole("link")).toHaveText(["Account", "Email preferences"]);
  await expect(settings.getByRole("link", { name: "Account" })).toHaveAttribute("aria-current", "page");

  await openAccountMenu(page);
  await expect(banner.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  await banner.getByRole("link", { name: "Email preferences" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email preferences" })).toBeVisible();
  await expect(settings.getByRole("link", { name: "Email preferences" })).toHaveAttribute("aria-current", "page");
  await openAccountMenu(page);
  await expect(banner.getByRole("link", { name: "Email preferences" })).toHaveAttribute("aria-current", "page");
  await expect(banner.getByRole("link", { name: "Settings" })).not.toHaveAttribute("aria-current", "page");
});

test("the account menu works by keyboard: Escape closes it and gives focus back, tabbing out closes it", async ({ page, createUser }) => {
  const user = await createUser({ name: "Ada Lovelace" });
  await signIn(page, user.email, user.password);
  // A page with links after the header, for Tab to move on to.
  await page.goto("/settings/account");
  const banner = page.getByRole("banner");
  const account = banner.getByRole("button", { name: "account menu" });
  await expect(account).toHaveAccessibleName("Ada Lovelace: account menu");
  await expect(account).toHaveAttribute("aria-controls", /.+/);

  await openDisclosure(account);
  const panel = page.locator(`#${await account.getAttribute("aria-controls")}`);
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(user.email);
  await page.keyboard.press("Escape");
  await expect(account).toHaveAttribute("aria-expanded", "false");
  await expect(panel).toBeHidden();
  await expect(account).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(account).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Tab");
  await expect(banner.getByRole("link", { name: "Settings" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(banner.getByRole("link", { name: "Email preferences" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(banner.getByRole("button", { name: "Sign out" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(account).toHaveAttribute("aria-expanded", "false");
  await expect(panel).toBeHidden();

  // A click anywhere else closes it too.
  await openDisclosure(account);
  await page.getByRole("heading", { level: 1, name: "Account" }).click();
  await expect(account).toHaveAttribute("aria-expanded", "false");
});

/** 27 characters: the header must not grow with the name. */
const LONG_NAME = "Annemarie Vandenberg-Okafor";

/** Visible and wholly on screen once scrolled to: not cut off at the side. */
async function expectReachable(target: Locator): Promise<void> {
  await expect(target).toBeVisible();
  await target.scrollIntoViewIfNeeded();
  await expect(target).toBeInViewport({ ratio: 1 });
}

/** Neither the header nor the page is wider than the screen. */
async function expectHeaderFits(page: Page): Promise<void> {
  const viewport = page.viewportSize()!.width;
  const widths = await page
    .getByRole("banner")
    .evaluate((header) => ({ header: header.scrollWidth, page: document.documentElement.scrollWidth }));
  expect(widths.header, `header scrollWidth at ${viewport} px`).toBeLessThanOrEqual(viewport);
  expect(widths.page, `page scrollWidth at ${viewport} px`).toBeLessThanOrEqual(viewport);
}

const WIDTHS = [1024, 1280, 375];

for (const { role, links, admin, unfoldsAt } of ROLE_LINKS) {
  for (const width of WIDTHS) {
    const folded = width < unfoldsAt;
    test(`at ${width} px the ${role} header fits and every link in it is reachable${folded ? " through the menu" : ""}`, async ({
      page,
      createUser,
    }) => {
      await page.setViewportSize({ width, height: 900 });
      const person = await createUser({ role, name: LONG_NAME });
      await signIn(page, person.email, person.password);
      await expect(page.getByRole("heading", { level: 1, name: "My jobs" })).toBeVisible();
      const banner = page.getByRole("banner");
      const item = (name: string) => banner.getByRole("link", { name, exact: true });

      await expectHeaderFits(page);
      // The bell never hides behind a menu.
      await expectReachable(banner.getByRole("link", { name: /^Notifications/ }));

      if (folded) {
        await expect(banner.getByRole("link", { name: "My jobs" })).toBeHidden();
        await openDisclosure(siteMenuButton(page));
        for (const name of [...links, ...admin, "Dev mailbox", "Settings", "Email preferences"]) await expectReachable(item(name));
        await expectReachable(banner.getByRole("button", { name: "Sign out" }));
        await expect(banner).toContainText(person.email);
        await expectHeaderFits(page);
        await expectNoSeriousViolations(page);
        return;
      }

      await expect(siteMenuButton(page)).toBeHidden();
      for (const name of [...links, "Dev mailbox"]) await expectReachable(item(name));
      if (admin.length > 0) {
        const adminMenu = banner.getByRole("button", { name: "Admin" });
        await openDisclosure(adminMenu);
        for (const name of admin) await expectReachable(item(name));
        await expectHeaderFits(page);
        await expectNoSeriousViolations(page);
        await page.keyboard.press("Escape");
        await expect(adminMenu).toHaveAttribute("aria-expanded", "false");
        await expect(adminMenu).toBeFocused();
      }

      const account = banner.getByRole("button", { name: "account menu" });
      await expectReachable(account);
      await expect(account).toHaveAccessibleName(`${LONG_NAME}: account menu`);
      await openDisclosure(account);
      for (const name of ["Settings", "Email preferences"]) await expectReachable(item(name));
      await expectReachable(banner.getByRole("button", { name: "Sign out" }));
      await expect(banner).toContainText(person.email);
      await expectHeaderFits(page);
      await expectNoSeriousViolations(page);
      await page.keyboard.press("Escape");
      await expect(account).toBeFocused();
    });
  }
}

test("the skip link takes keyboard users straight to the page content", async ({ page, createUser }) => {
  const user = await createUser();
  await signIn(page, user.email, user.password);
  // A fresh page load, so focus starts at the top of the document.
  await page.goto("/todo");

  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the links fold behind a menu button that opens, navigates and closes", async ({ page, createUser }) => {
    const admin = await createUser({ role: "admin" });
    await signIn(page, admin.email, admin.password);

    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("link", { name: "Insights" })).toBeHidden();

    await menu.click();
    await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
    await page.getByRole("link", { name: "Insights" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "false");
  });

  test("Settings sits in the menu beside sign-out", async ({ page, createUser }) => {
    const user = await createUser();
    await signIn(page, user.email, user.password);

    await expect(page.getByRole("link", { name: "Settings" })).toBeHidden();
    await expect(page.getByRole("button", { name: "account menu" })).toBeHidden();
    await openAccountMenu(page);
    await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeVisible();
    await page.getByRole("banner").getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "false");
  });
});
