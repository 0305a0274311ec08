import type { Role } from "../lib/auth/roles";
import { expect, signIn, test } from "./fixtures";

const ROLE_LINKS: { role: Role; links: string[] }[] = [
  { role: "user", links: ["My jobs", "Profile", "Documents", "Team"] },
  { role: "staff", links: ["My jobs", "Profile", "Documents", "Team", "Staff queues"] },
  { role: "product", links: ["My jobs", "Profile", "Documents", "Team", "Insights"] },
  { role: "admin", links: ["My jobs", "Profile", "Documents", "Team", "Staff queues", "Insights", "API"] },
];

for (const { role, links } of ROLE_LINKS) {
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
  });
}

test("Settings in the header leads to the account page and from there to the email preferences", async ({ page, createUser }) => {
  const user = await createUser();
  await signIn(page, user.email, user.password);

  await page.getByRole("banner").getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL("/settings/account");
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  const settings = page.getByRole("navigation", { name: "Settings" });
  await expect(settings.getByRole("link")).toHaveText(["Account", "Email preferences"]);
  await expect(settings.getByRole("link", { name: "Account" })).toHaveAttribute("aria-current", "page");

  await settings.getByRole("link", { name: "Email preferences" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email preferences" })).toBeVisible();
  await expect(settings.getByRole("link", { name: "Email preferences" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("banner").getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
});

test.describe("at the lg breakpoint, where the menu unfolds", () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test("a person's header, Settings included, fits without scrolling sideways", async ({ page, createUser }) => {
    const user = await createUser({ name: "Ada Lovelace" });
    await signIn(page, user.email, user.password);
    await expect(page.getByRole("banner").getByRole("link", { name: "Settings" })).toBeVisible();
    const banner = page.getByRole("banner");
    expect(await banner.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });
});

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
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("banner").getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "false");
  });
});
