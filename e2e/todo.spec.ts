import { expect, signIn, test } from "./fixtures";
import { JOBS_TABLE } from "../lib/jobs/jobs-schema";

// The todo list's rules with data made directly: what shows, what can be
// ticked or dismissed, and what happens when the server says no.

test("jobs completed by the system have a link and no tick, and expired jobs never show", async ({ page, createUser, createJobFor }) => {
  const user = await createUser();
  await createJobFor(user, "onboarding.verify-email", { expiresInSeconds: 3 * 86_400 });
  await createJobFor(user, "onboarding.read-guide", { expiresInSeconds: -60 });
  await signIn(page, user.email, user.password);

  const jobs = page.getByRole("list", { name: "To do" });
  await expect(jobs.getByRole("listitem")).toHaveCount(1);
  await expect(jobs.getByRole("heading", { name: "Verify your email address" })).toBeVisible();
  await expect(jobs.getByRole("checkbox")).toHaveCount(0);
  await expect(jobs.getByRole("link", { name: "Do it now: Verify your email address" })).toHaveAttribute("href", "/account/verify-email");
  await expect(jobs.getByRole("listitem")).toContainText(/Asked .* ago/);
  await expect(jobs.getByRole("listitem")).toContainText("Expires in 3 days");
});

test("a refused tick is rolled back, with the server's reason beside the job", async ({ page, createUser, createJobFor, db }) => {
  const user = await createUser();
  const jobId = await createJobFor(user, "onboarding.read-guide", { expiresInSeconds: 3600 });
  await signIn(page, user.email, user.password);
  const item = page.getByRole("list", { name: "To do" }).getByRole("listitem").filter({ hasText: "Read the getting started guide" });
  const guide = item.getByRole("checkbox", { name: "Read the getting started guide" });
  await expect(guide).toBeEnabled();

  // The job runs out while the page is open: the server will refuse the tick.
  await db.query(`UPDATE ${JOBS_TABLE} SET expires_at = now() - interval '1 minute' WHERE id = $1::uuid`, [jobId]);
  await guide.click();

  await expect(item.getByRole("alert")).toContainText("We could not mark “Read the getting started guide” as done.");
  await expect(item.getByRole("alert")).toContainText("has expired");
  await expect(guide).not.toBeChecked();
  await expect(guide).toBeFocused();
});

test("a job can be dismissed with a reason using only the keyboard", async ({ page, createUser, createJobFor }) => {
  const user = await createUser();
  await createJobFor(user, "onboarding.invite-teammate");
  await signIn(page, user.email, user.password);

  const dismiss = page.getByRole("button", { name: "Dismiss Invite a teammate" });
  await expect(dismiss).toBeEnabled();
  await dismiss.focus();
  await page.keyboard.press("Enter");
  await expect(dismiss).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByLabel("Why are you dismissing it? (optional)")).toBeFocused();
  await page.keyboard.type("I work alone");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Dismiss job" })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page.getByText("You're all caught up")).toBeVisible();
  const done = page.getByRole("list", { name: "Recently done" }).getByRole("listitem");
  await expect(done).toContainText("Invite a teammate");
  await expect(done).toContainText("Dismissed by you");
  await expect(done).toContainText("Reason: I work alone");
  // The dismissed job's row is gone; focus is back on the list, not lost.
  await expect(page.getByRole("heading", { level: 2, name: "To do" })).toBeFocused();
});

test("someone with nothing to do sees an empty state and no progress", async ({ page, createUser }) => {
  const user = await createUser();
  await signIn(page, user.email, user.password);

  await expect(page.getByText("You're all caught up")).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveCount(0);
});
