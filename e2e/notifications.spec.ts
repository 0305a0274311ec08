import type { Page } from "@playwright/test";
import { createUnsubscribeToken } from "../lib/notifications";
import { type E2EFixtures, expect, signIn, signUp as signUpAs, test } from "./fixtures";
import { expectNoSeriousViolations } from "./axe";

// Notifications through the browser: the verify-email email delivered by the
// worker global setup runs (captured, since the server has no SMTP) and read
// on the dev mailbox, the bell, the inbox, the email preference and the
// unsubscribe link. The server must run with DEV_MAILBOX=on (it is a
// production build) for the mailbox to exist.

/** Signs up a brand-new person through the form; they land on their jobs. */
const signUp = (page: Page) => signUpAs(page, { name: "Ada Lovelace", emailPrefix: "notifications" });

const bell = (page: Page) => page.getByRole("banner").getByRole("link", { name: /^Notifications/ });
const inbox = (page: Page) => page.getByRole("list", { name: "Notifications" });
const notification = (page: Page, title: string) =>
  inbox(page)
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: title, exact: true }) });

/**
 * A new person with one unread in-app notification, signed in, on their inbox:
 * their profile job, requested through the engine, whose receiver notifies them.
 */
async function openInboxWithOneUnread(page: Page, { createUser, createJobFor }: Pick<E2EFixtures, "createUser" | "createJobFor">) {
  const user = await createUser();
  await createJobFor(user, "onboarding.complete-profile");
  await signIn(page, user.email, user.password);
  await page.goto("/inbox");
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
}

/** Opens the dev mailbox and waits for the worker to have delivered the email with this subject. */
async function openMail(page: Page, subject: string) {
  await page.getByRole("banner").getByRole("link", { name: "Dev mailbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dev mailbox" })).toBeVisible();
  const mail = page.getByRole("list", { name: "Captured emails" }).getByRole("link", { name: subject });
  // Delivery is asynchronous (the worker polls every half second): look again until it has arrived.
  await expect(async () => {
    await page.getByRole("link", { name: "Check for new mail" }).click();
    await expect(mail).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await mail.click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
}

test("a new person verifies their email from the dev mailbox: the job is done, its notification resolved, the bell drops", async ({
  page,
}) => {
  const email = await signUp(page);
  // One in-app notification per onboarding job.
  await expect(bell(page)).toHaveAccessibleName("Notifications, 5 unread");

  await openMail(page, "Verify your email address");
  await expect(page.getByRole("main").getByText(email, { exact: true })).toBeVisible();
  // The link in the HTML version, rendered in its sandbox, opens on top of the mailbox.
  const html = page.frameLocator(`iframe[title="Email: Verify your email address"]`);
  await html.getByRole("link", { name: "Verify your email address" }).click();
  await expect(page).toHaveURL(/\/account\/verify-email\?token=/);
  await expect(page.getByRole("status").filter({ hasText: "Your email is verified" })).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 4 unread");

  await page.getByRole("link", { name: "Go to my jobs" }).click();
  await expect(page.getByRole("list", { name: "To do" }).getByRole("heading", { name: "Verify your email address" })).toHaveCount(0);
  await expect(
    page.getByRole("list", { name: "Recently done" }).getByRole("listitem").filter({ hasText: "Verify your email address" }),
  ).toContainText("Completed automatically");

  await bell(page).click();
  await expect(page).toHaveURL("/inbox");
  await expect(page.getByText("4 unread", { exact: true })).toBeVisible();
  const verify = notification(page, "Verify your email address");
  await expect(verify).toContainText("Done: completed after you were notified");
  await expect(verify).not.toContainText("Unread");
  await expect(verify.getByRole("button", { name: /Mark as read/ })).toHaveCount(0);
  const profile = notification(page, "Complete your profile");
  await expect(profile).toContainText("Unread");
  await expect(profile.getByRole("link", { name: "Open: Complete your profile" })).toHaveAttribute("href", "/profile");
  await expectNoSeriousViolations(page);

  // One, by keyboard.
  await profile.getByRole("button", { name: "Mark as read: Complete your profile" }).focus();
  await page.keyboard.press("Enter");
  await expect(profile).not.toContainText("Unread");
  await expect(profile.getByRole("heading", { name: "Complete your profile" })).toBeFocused();
  await expect(bell(page)).toHaveAccessibleName("Notifications, 3 unread");

  await page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(bell(page)).toHaveAccessibleName("Notifications, none unread");
  await expect(page.getByText("Nothing unread", { exact: true })).toBeVisible();
  await expect(inbox(page).getByText("Unread", { exact: true })).toHaveCount(0);
  await page.reload();
  await expect(bell(page)).toHaveAccessibleName("Notifications, none unread");
  await expect(inbox(page).getByText("Unread", { exact: true })).toHaveCount(0);
});

test("when marking read fails, the inbox and the bell go back and say why", async ({ page, createUser, createJobFor }) => {
  await openInboxWithOneUnread(page, { createUser, createJobFor });

  await page.route("**/inbox", (route) => (route.request().method() === "POST" ? route.abort("connectionfailed") : route.continue()));
  await page.getByRole("button", { name: "Mark all as read" }).click();

  await expect(page.getByRole("main").getByRole("alert")).toContainText("We could not mark your notifications as read.");
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
  await expect(notification(page, "Complete your profile")).toContainText("Unread");
});

test("opening a notification's job marks it read", async ({ page, createUser, createJobFor }) => {
  await openInboxWithOneUnread(page, { createUser, createJobFor });

  await notification(page, "Complete your profile").getByRole("link", { name: "Open: Complete your profile" }).click();

  await expect(page).toHaveURL("/profile");
  await expect(bell(page)).toHaveAccessibleName("Notifications, none unread");
  await bell(page).click();
  await expect(notification(page, "Complete your profile")).not.toContainText("Unread");
});

test("the reminder email preference is saved, says so, and stays after a reload", async ({ page, createUser, db }) => {
  const user = await createUser();
  await signIn(page, user.email, user.password);
  await page.goto("/settings/notifications");
  await expect(page.getByRole("heading", { level: 1, name: "Email preferences" })).toBeVisible();
  const reminders = page.getByRole("checkbox", { name: "Email me reminders about pending jobs" });
  await expect(reminders).toBeChecked();
  await expect(reminders).toHaveAccessibleDescription(/In-app notifications .* still arrive/);
  await expectNoSeriousViolations(page);

  await reminders.uncheck();
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Preferences saved" })).toContainText("We won't email you reminders any more.");
  await expect(reminders).not.toBeChecked();
  await page.reload();
  await expect(reminders).not.toBeChecked();
  expect((await db.query("SELECT email_reminders FROM users WHERE id = $1", [user.id])).rows).toEqual([{ email_reminders: false }]);

  await reminders.check();
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Preferences saved" })).toContainText("We will email you reminders");
  await page.reload();
  await expect(reminders).toBeChecked();
});

test.describe("the unsubscribe link of reminder emails", () => {
  // Tokens are signed with the server's secret, as the worker signs them.
  test.beforeAll(({}, testInfo) => {
    const secret = testInfo.config.webServer?.env?.AUTH_SECRET;
    if (!secret) throw new Error("playwright.config.ts: webServer.env.AUTH_SECRET is needed to sign unsubscribe links");
    process.env.AUTH_SECRET = secret;
  });

  test("opening it asks first; the button turns reminders off, signed out", async ({ page, createUser, db }) => {
    const user = await createUser();

    await page.goto(`/unsubscribe?token=${encodeURIComponent(createUnsubscribeToken(user.id))}`);
    await expect(page.getByRole("heading", { level: 1, name: "Unsubscribe from reminder emails?" })).toBeVisible();
    // Opening the link changed nothing: mail scanners follow links.
    expect((await db.query("SELECT email_reminders FROM users WHERE id = $1", [user.id])).rows).toEqual([{ email_reminders: true }]);

    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await expect(page.getByRole("status").filter({ hasText: "You won't get reminder emails any more" })).toBeVisible();
    expect((await db.query("SELECT email_reminders FROM users WHERE id = $1", [user.id])).rows).toEqual([{ email_reminders: false }]);
    await expect(page.getByRole("link", { name: "Change your email preferences" })).toHaveAttribute("href", "/settings/notifications");
  });

  test("a mail client's one-click POST to the same link turns reminders off without a session", async ({ request, createUser, db }) => {
    const user = await createUser();

    const response = await request.post(`/unsubscribe?token=${encodeURIComponent(createUnsubscribeToken(user.id))}`, {
      form: { "List-Unsubscribe": "One-Click" },
    });

    expect(response.status()).toBe(200);
    expect((await db.query("SELECT email_reminders FROM users WHERE id = $1", [user.id])).rows).toEqual([{ email_reminders: false }]);
  });

  test("a tampered link is refused with a clear page that says how to change preferences instead", async ({ page, createUser, db }) => {
    const user = await createUser();
    const token = createUnsubscribeToken(user.id);
    const at = token.indexOf(".") + 1;
    const tampered = `${token.slice(0, at)}${token[at] === "A" ? "B" : "A"}${token.slice(at + 1)}`;

    const response = await page.goto(`/unsubscribe?token=${encodeURIComponent(tampered)}`);

    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "This unsubscribe link is not valid" })).toBeVisible();
    await expect(page.getByRole("main")).toContainText("sign in and turn reminder emails off in your email preferences");
    await expect(page.getByRole("button", { name: "Unsubscribe" })).toHaveCount(0);
    await page.getByRole("link", { name: "Sign in to change your email preferences" }).click();
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fsettings%2Fnotifications/);
    expect((await db.query("SELECT email_reminders FROM users WHERE id = $1", [user.id])).rows).toEqual([{ email_reminders: true }]);
  });
});

test("the dev mailbox shows a person only their own mail", async ({ page, browser, createUser, db }) => {
  await signUp(page);
  await openMail(page, "Verify your email address");
  const mailUrl = page.url();

  const other = await createUser();
  const otherPage = await browser.newPage();
  await signIn(otherPage, other.email, other.password);
  await otherPage.goto("/dev/mailbox");
  await expect(otherPage.getByText("No emails yet")).toBeVisible();
  await otherPage.goto(mailUrl);
  await expect(otherPage.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await otherPage.close();
  // The mail is there all the same.
  expect(
    Number((await db.query("SELECT count(*) FROM captured_emails WHERE id = $1::uuid", [mailUrl.split("/").at(-1)])).rows[0].count),
  ).toBe(1);
});

test("an inbox page link that was tampered with says so, with a way back", async ({ page, createUser }) => {
  const user = await createUser();
  await signIn(page, user.email, user.password);

  await page.goto("/inbox?cursor=not-a-cursor");

  await expect(page.getByRole("main").getByRole("alert")).toContainText("This page of your notifications cannot be shown");
  await page.getByRole("link", { name: "Go to your newest notifications" }).click();
  await expect(page.getByText("No notifications yet")).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the bell stays in the top bar, outside the folded menu", async ({ page, createUser, createJobFor }) => {
    const user = await createUser();
    await createJobFor(user, "onboarding.complete-profile");
    await signIn(page, user.email, user.password);

    await expect(page.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "false");
    await expect(bell(page)).toBeVisible();
    await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
    await bell(page).click();
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
    await expect(bell(page)).toHaveAttribute("aria-current", "page");
  });
});
