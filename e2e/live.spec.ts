import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { jobCompleted, jobRequested } from "../lib/jobs";
import { expectNoSeriousViolations } from "./axe";
import { expect, signIn, testClientAddress, test, type TestUser } from "./fixtures";

// Live queues and lists, end to end: a change made elsewhere (another
// browser, the system) shows on an open page without a reload, over
// /api/live. Each page is marked before the change; the mark still being
// there after it proves the page was never reloaded.

const hex = () => randomBytes(4).toString("hex");

/** A browser of its own for `user`, signed in, as another person's computer would be. */
async function signedInPage(browser: Browser, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  return page;
}

/** Marks the page, waits until its live updates are on. */
async function watch(page: Page): Promise<void> {
  await expect(page.getByText("Live updates on")).toBeVisible();
  await page.evaluate(() => ((window as { __notReloaded?: boolean }).__notReloaded = true));
}

async function notReloaded(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
}

test("a claim made in one browser shows in another's queue at once, without a reload", async ({ browser, createUser, prisma }) => {
  const alice = await createUser({ role: "staff", name: `Alice Live ${hex()}` });
  const bob = await createUser({ role: "staff", name: `Bob Live ${hex()}` });
  const targetId = `e2e-live-${hex()}`;
  await jobRequested(prisma, { target: { type: "user", id: targetId }, jobType: "staff.bounced-invites", sender: "e2e.live" });
  const url = `/staff/queues/staff.bounced-invites?q=${targetId}`;

  const bobPage = await signedInPage(browser, bob);
  await bobPage.goto(url);
  const bobRow = bobPage.getByRole("row", { name: new RegExp(targetId) });
  await expect(bobRow).toContainText("Unassigned");
  await watch(bobPage);

  const alicePage = await signedInPage(browser, alice);
  await alicePage.goto(url);
  await alicePage
    .getByRole("row", { name: new RegExp(targetId) })
    .getByRole("button", { name: `Claim user ${targetId}` })
    .click();
  await expect(alicePage.getByRole("row", { name: new RegExp(targetId) })).toContainText("You");

  await expect(bobRow).toContainText(alice.name);
  await expect(bobPage.getByRole("status").filter({ hasText: `Taken by ${alice.name}` })).toHaveCount(1);
  await notReloaded(bobPage);
  await expectNoSeriousViolations(bobPage);
  await alicePage.context().close();
  await bobPage.context().close();
});

test("a saved view shows on the staff overview with its count, which follows changes live", async ({ page, createUser, prisma }) => {
  const staff = await createUser({ role: "staff" });
  const jobType = "staff.fix-email-delivery";
  const assign = async () => {
    const { job } = await jobRequested(prisma, {
      target: { type: "notification", id: `e2e-view-${hex()}` },
      jobType,
      assignedTo: staff.id,
      sender: "e2e.live",
    });
    return job;
  };
  await assign();
  await assign();
  await signIn(page, staff.email, staff.password);

  await page.goto(`/staff/queues/${jobType}?assigned=me`);
  await page.getByRole("button", { name: "Save view" }).click();
  const name = `My deliveries ${hex()}`;
  const form = page.getByRole("form", { name: "Save this view" });
  await form.getByLabel("View name").fill(name);
  await form.getByLabel("Share with all staff").check();
  await form.getByRole("button", { name: "Save view" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved “${name}”` })).toBeVisible();
  await expectNoSeriousViolations(page);

  await page.getByRole("link", { name: "See it on the staff overview" }).click();
  await expect(page).toHaveURL("/staff");
  const views = page.getByRole("region", { name: "Saved views" });
  const item = views.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
  await expect(item).toContainText("Shared with all staff");
  await expect(item).toContainText("2jobs");
  await expect(item.getByRole("link", { name })).toHaveAttribute("href", `/staff/queues/${jobType}?assigned=me`);
  await expectNoSeriousViolations(page);

  // Someone else's change reaches the open overview: the count follows.
  await watch(page);
  const third = await assign();
  await expect(item).toContainText("3jobs");
  await jobCompleted(prisma, { jobId: third.id, jobType, source: "system", target: { type: "notification", id: third.targetId } });
  await expect(item).toContainText("2jobs");
  await notReloaded(page);
});

test("the todo list drops a job finished elsewhere, without a reload", async ({ page, createUser, createJobFor, prisma }) => {
  const user = await createUser();
  await createJobFor(user, "onboarding.read-guide", { expiresInSeconds: 3600 });
  await createJobFor(user, "onboarding.complete-profile", { expiresInSeconds: 3600 });
  await signIn(page, user.email, user.password);
  const jobs = page.getByRole("list", { name: "To do" });
  await expect(jobs.getByRole("heading", { name: "Read the getting started guide" })).toBeVisible();
  await watch(page);

  // Done elsewhere: another tab, or the system noticing.
  await jobCompleted(prisma, { target: { type: "user", id: user.id }, jobType: "onboarding.read-guide", source: "auto" });
  await expect(jobs.getByRole("heading", { name: "Read the getting started guide" })).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Your list was updated" })).toHaveCount(1);
  await notReloaded(page);
  await expectNoSeriousViolations(page);
});
