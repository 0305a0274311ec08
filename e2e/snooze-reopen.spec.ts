import { randomUUID } from "node:crypto";
import { jobCompleted, jobRequested } from "../lib/jobs";
import { JOB_EVENTS_TABLE, JOBS_TABLE } from "../lib/jobs/jobs-schema";
import { expectNoSeriousViolations } from "./axe";
import { expect, signIn, test } from "./fixtures";

// Snooze and reopen, end to end. Time passing is the database's snoozed_until
// set in the past, never a wait.

test("a person snoozes a todo item with the keyboard: it leaves the list, and comes back once its time has passed", async ({
  page,
  createUser,
  createJobFor,
  db,
}) => {
  const user = await createUser();
  const jobId = await createJobFor(user, "onboarding.read-guide", { expiresInSeconds: 20 * 86_400 });
  await signIn(page, user.email, user.password);

  const todo = page.getByRole("list", { name: "To do" });
  await expect(todo.getByRole("heading", { name: "Read the getting started guide" })).toBeVisible();
  const snooze = page.getByRole("button", { name: "Snooze Read the getting started guide" });
  await expect(snooze).toBeEnabled();
  await snooze.focus();
  await page.keyboard.press("Enter");
  await expect(snooze).toHaveAttribute("aria-expanded", "true");
  const form = page.getByRole("form", { name: "Snooze “Read the getting started guide”" });
  await expect(form.getByRole("button", { name: /^Tomorrow/ })).toBeFocused();
  await expect(form.getByRole("button", { name: /^Next week/ })).toBeVisible();
  await expect(form.getByLabel("Or pick a day")).toBeVisible();
  await expectNoSeriousViolations(page);

  // Escape closes it without snoozing; focus stays on this job.
  await page.keyboard.press("Escape");
  await expect(form).toHaveCount(0);
  await snooze.click();
  await form.getByRole("button", { name: /^Next week/ }).press("Enter");

  await expect(page.getByText("You're all caught up")).toBeVisible();
  const snoozed = page.getByRole("list", { name: "Snoozed" });
  await expect(snoozed.getByRole("listitem")).toContainText("Read the getting started guide");
  await expect(snoozed.getByRole("listitem")).toContainText(/Back by itself in \d+ days?/);
  await expectNoSeriousViolations(page);

  // Its moment passes: on the next visit it is back where it was, with its history.
  await db.query(`UPDATE ${JOBS_TABLE} SET snoozed_until = now() - interval '1 minute' WHERE id = $1::uuid`, [jobId]);
  await page.reload();
  await expect(todo.getByRole("heading", { name: "Read the getting started guide" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Snoozed" })).toHaveCount(0);
  const { rows } = await db.query<{ kind: string }>(`SELECT kind::text FROM ${JOB_EVENTS_TABLE} WHERE job_id = $1::uuid ORDER BY id`, [
    jobId,
  ]);
  expect(rows.map((r) => r.kind)).toEqual(["requested", "snoozed"]);
});

test("a snoozed todo item can be brought back early", async ({ page, createUser, createJobFor, db }) => {
  const user = await createUser();
  const jobId = await createJobFor(user, "onboarding.invite-teammate", { expiresInSeconds: 20 * 86_400 });
  await db.query(`UPDATE ${JOBS_TABLE} SET snoozed_until = now() + interval '3 days' WHERE id = $1::uuid`, [jobId]);
  await signIn(page, user.email, user.password);

  await expect(page.getByText("You're all caught up")).toBeVisible();
  await page.getByRole("button", { name: "Bring it back now: Invite a teammate" }).click();
  await expect(page.getByRole("list", { name: "To do" }).getByRole("heading", { name: "Invite a teammate" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Snoozed" })).toHaveCount(0);
});

test("staff reopen a resolved job with a reason; it is pending again and the timeline says why", async ({ page, createUser, prisma }) => {
  const staff = await createUser({ role: "staff" });
  const target = { type: "user", id: randomUUID() };
  const { job } = await jobRequested(prisma, { jobType: "staff.rejected-upload", target, assignedTo: staff.id });
  await jobCompleted(prisma, { jobType: "staff.rejected-upload", target, source: "staff", by: staff.id, note: "They sent a PDF." });
  await signIn(page, staff.email, staff.password);

  await page.goto(`/staff/queues/staff.rejected-upload/${job.id}`);
  await expect(page.getByText("This job is resolved: there is nothing left to do with it.")).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole("button", { name: "Reopen job…" }).click();

  const dialog = page.getByRole("dialog", { name: "Reopen “Look into a refused upload”" });
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page);
  // The reason is required: the browser keeps the empty form from going.
  await dialog.getByRole("button", { name: "Reopen job" }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Why is it reopened?").fill("The PDF was a different person's document.");
  await dialog.getByRole("button", { name: "Reopen job" }).click();

  await expect(page.getByText("The job is reopened.")).toBeVisible();
  await expect(dialog).toBeHidden();
  // Pending again: the panel offers the work a pending job takes.
  await expect(page.getByRole("button", { name: "Resolve job" })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Audit timeline" });
  const reopened = timeline.getByRole("listitem").filter({ hasText: "Reopened" });
  await expect(reopened).toContainText("Reason: The PDF was a different person's document.");
  await expect(reopened).toContainText("It was resolved.");
  await expectNoSeriousViolations(page);
});

test("staff snooze a job from its page; it shows until when, and can be woken", async ({ page, createUser, prisma }) => {
  const staff = await createUser({ role: "staff" });
  const { job } = await jobRequested(prisma, { jobType: "staff.rejected-upload", target: { type: "user", id: randomUUID() } });
  await signIn(page, staff.email, staff.password);

  await page.goto(`/staff/queues/staff.rejected-upload/${job.id}`);
  await page.getByRole("button", { name: "Snooze…" }).click();
  await page.getByRole("button", { name: /^Tomorrow/ }).click();
  await expect(page.getByText(/^The job is snoozed until/)).toBeVisible();
  await expect(page.getByText("Snoozed until", { exact: false }).first()).toBeVisible();
  await expectNoSeriousViolations(page);
  const timeline = page.getByRole("list", { name: "Audit timeline" });
  await expect(timeline.getByRole("listitem").filter({ hasText: "Snoozed" })).toContainText("Out of the queue until");

  await page.getByRole("button", { name: "Wake it now" }).click();
  await expect(page.getByText("The job is back in the queue.")).toBeVisible();
  await expect(timeline.getByRole("listitem").filter({ hasText: "Woken early" })).toBeVisible();
});
