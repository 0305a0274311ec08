import type { Browser, Page } from "@playwright/test";
import { expect, signIn, test, testClientAddress, uniqueEmail, type TestUser } from "./fixtures";
import { expectNoSeriousViolations } from "./axe";

// Accounts in the browser: password reset through the emailed link, change
// password, sign out everywhere, and what happens to a session whose person
// changed under it. Every test runs against the production build.

/** A second, independent browser (its own cookies), as another device would be. */
async function otherDevice(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
  return context.newPage();
}

/** Reads the newest email to `to` with `subject` from the dev mailbox, as an admin, and returns the link labelled `label`. */
async function linkFromMailbox(page: Page, admin: TestUser, to: string, subject: string, label: string): Promise<string> {
  await signIn(page, admin.email, admin.password);
  await page.goto("/dev/mailbox");
  const mail = page
    .getByRole("list", { name: "Captured emails" })
    .getByRole("listitem")
    .filter({ hasText: to })
    .getByRole("link", { name: subject });
  // Delivery is asynchronous (the worker polls): look again until it has arrived.
  await expect(async () => {
    await page.getByRole("link", { name: "Check for new mail" }).click();
    await expect(mail.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await mail.first().click();
  const link = page.frameLocator(`iframe[title="Email: ${subject}"]`).getByRole("link", { name: label });
  const href = await link.getAttribute("href");
  if (!href) throw new Error("the email has no link");
  return href;
}

test("a forgotten password is reset through the emailed link, which then works no more", async ({ page, browser, createUser }) => {
  const [user, admin] = await Promise.all([createUser(), createUser({ role: "admin" })]);

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("If an account uses this address, we have emailed it a link");

  const mailbox = await otherDevice(browser);
  const href = await linkFromMailbox(mailbox, admin, user.email, "Reset your jtbd password", "Choose a new password");
  const link = new URL(href);

  await page.goto(link.pathname + link.search);
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByLabel("New password")).toHaveAccessibleDescription(/at least 8 characters/i);
  await expect(page.getByLabel("New password")).toBeFocused();

  await page.getByLabel("New password").fill("my brand new password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL("/todo");

  // The link was used: opened again it is refused with a way forward.
  const again = await otherDevice(browser);
  await again.goto(link.pathname + link.search);
  await again.getByLabel("New password").fill("yet another password");
  await again.getByRole("button", { name: "Set new password" }).click();
  await expect(again.getByRole("main").getByRole("alert")).toContainText("This reset link does not work any more");
  await expect(again.getByRole("link", { name: "Ask for a new link" })).toBeVisible();

  // The old password is gone, the new one works.
  await again.goto("/signin");
  await again.getByLabel("Email").fill(user.email);
  await again.getByLabel("Password").fill(user.password);
  await again.getByRole("button", { name: "Sign in" }).click();
  await expect(again.getByRole("main").getByRole("alert")).toContainText("That email and password do not match an account.");
  await signIn(again, user.email, "my brand new password");
  await expect(again).toHaveURL("/todo");
});

test("changing the password needs the current one and signs out the other browser, not this one", async ({ page, browser, createUser }) => {
  const user = await createUser();
  const other = await otherDevice(browser);
  await signIn(page, user.email, user.password);
  await signIn(other, user.email, user.password);

  await page.goto("/settings/account");
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a new long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toHaveAccessibleDescription("That is not your current password.");
  await expect(page.getByLabel("Current password")).toBeFocused();

  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill("a new long password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL("/settings/account?changed=password");
  await expect(page.getByRole("main").getByRole("status")).toContainText("Every other device was signed out.");

  // This browser is still signed in; the other one is sent to sign in.
  await page.goto("/todo");
  await expect(page.getByRole("heading", { level: 1, name: "My jobs" })).toBeVisible();
  await other.goto("/todo");
  await expect(other).toHaveURL("/signin?callbackUrl=%2Ftodo");
});

test("sign out everywhere makes a copied session cookie useless", async ({ page, browser, createUser }) => {
  const user = await createUser();
  await signIn(page, user.email, user.password);
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.includes("session-token"))).toBe(true);

  // Someone copied the cookie into their own browser: it works, for now.
  const thief = await otherDevice(browser);
  await thief.context().addCookies(cookies);
  await thief.goto("/todo");
  await expect(thief.getByRole("heading", { level: 1, name: "My jobs" })).toBeVisible();

  await page.goto("/settings/account");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL("/signin");

  await thief.goto("/todo");
  await expect(thief).toHaveURL("/signin?callbackUrl=%2Ftodo");
  // Also for server actions and route handlers, not only pages.
  const response = await thief.request.get("/staff/documents/00000000-0000-4000-8000-000000000000/file", { maxRedirects: 0 });
  expect(response.status()).toBe(401);
});

test("a person whose role is lowered loses the staff pages, and a deleted one is signed out, on the next request", async ({
  page,
  createUser,
  db,
}) => {
  const staff = await createUser({ role: "staff" });
  await signIn(page, staff.email, staff.password);
  await page.goto("/staff");
  await expect(page.getByRole("heading", { level: 1, name: "Staff queues" })).toBeVisible();

  await db.query("UPDATE users SET role = 'user' WHERE id = $1", [staff.id]);
  const refused = await page.goto("/staff");
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeVisible();

  await db.query("DELETE FROM users WHERE id = $1", [staff.id]);
  await page.goto("/todo");
  await expect(page).toHaveURL("/signin?callbackUrl=%2Ftodo");
});

test("a registered and a never-registered address get the same answers and the same pause", async ({ page, createUser }) => {
  const user = await createUser();
  const nobody = uniqueEmail("nobody");

  async function answers(email: string): Promise<string[]> {
    await page.goto("/signin");
    const out = [];
    for (let i = 1; i <= 6; i++) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(`wrong password ${i}`);
      const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/signin");
      await page.getByRole("button", { name: "Sign in" }).click();
      await answered;
      await expect(page.getByLabel("Password")).toHaveValue("");
      out.push(await page.getByRole("main").getByRole("alert").innerText());
    }
    return out;
  }

  const known = await answers(user.email);
  expect(known.slice(0, 4).every((a) => a.includes("That email and password do not match an account."))).toBe(true);
  expect(
    known.slice(4).every((a) => a.includes("Too many wrong passwords for this email address.") && /try again in 15 minutes/.test(a)),
  ).toBe(true);
  expect(await answers(nobody)).toEqual(known);

  // Paused, the owner still gets a reset link: the message offers it.
  await expect(page.getByRole("link", { name: "Email me a reset link" })).toHaveAttribute("href", "/reset-password");
});

test("changing the email address: the link goes to the new address, the old one is told, and the other browser is signed out", async ({
  page,
  browser,
  createUser,
}) => {
  // Four browsers, three sign-ins and two emails through the worker: longer than one page's flow.
  test.slow();
  const [user, admin, neighbour] = await Promise.all([createUser(), createUser({ role: "admin" }), createUser()]);
  const other = await otherDevice(browser);
  await signIn(page, user.email, user.password);
  await signIn(other, user.email, user.password);
  const newEmail = uniqueEmail("moved");

  await page.goto("/settings/account");
  const form = page.getByRole("main");
  await form.getByLabel("New email address").fill(newEmail);
  await form.getByLabel("Your password").fill("not my password");
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByLabel("Your password")).toHaveAccessibleDescription(/That is not your current password./);
  await expect(page.getByLabel("Your password")).toBeFocused();

  // An address with an account is answered like any other (and mailed nothing).
  const answer = async (address: string) => {
    await form.getByLabel("New email address").fill(address);
    await form.getByLabel("Your password").fill(user.password);
    await page.getByRole("button", { name: "Email me a link" }).click();
    const status = page.getByRole("main").getByRole("status").filter({ hasText: address });
    await expect(status).toContainText(`We emailed a link to ${address}.`);
    return (await status.innerText()).replace(address, "ADDRESS");
  };
  const taken = await answer(neighbour.email);
  expect(await answer(newEmail)).toBe(taken);
  await page.reload();
  await expect(page.getByRole("main")).toContainText(`We sent a link to ${newEmail}`);
  await expectNoSeriousViolations(page);

  // The current address is told, with a way to stop it: a new password.
  expect(
    await linkFromMailbox(await otherDevice(browser), admin, user.email, "Your jtbd email address is being changed", "Reset your password"),
  ).toMatch(/\/reset-password$/);
  const link = new URL(
    await linkFromMailbox(await otherDevice(browser), admin, newEmail, "Confirm your new jtbd email address", "Confirm this address"),
  );

  await page.goto(link.pathname + link.search);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your new email address" })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Use this address" }).click();
  await expect(page).toHaveURL("/settings/account?changed=email");
  await expect(page.getByRole("main").getByRole("status").first()).toContainText(
    `Your email address is now ${newEmail}. Every other device was signed out.`,
  );

  // This browser is signed in with the new address; the other one is sent to sign in.
  await other.goto("/todo");
  await expect(other).toHaveURL("/signin?callbackUrl=%2Ftodo");

  // The link was used: it works no more.
  const again = await otherDevice(browser);
  await again.goto(link.pathname + link.search);
  await again.getByLabel("Password").fill(user.password);
  await again.getByRole("button", { name: "Use this address" }).click();
  await expect(again.getByRole("main").getByRole("alert")).toContainText("This link does not work any more");
  await signIn(again, newEmail, user.password);
  await expect(again).toHaveURL("/todo");
});
