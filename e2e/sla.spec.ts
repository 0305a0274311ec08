import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { escalateJobs, jobAssigned, jobRequested, jobsTable } from "../lib/jobs";
import { expectNoSeriousViolations } from "./axe";
import { type E2EFixtures, expect, signIn, test, type TestUser } from "./fixtures";

// SLAs that act, end to end. A failing-webhook job's SLA runs on the wall
// clock (resolve within 24 hours, at risk from 18): the test requests jobs
// through the engine, assigns them to its own staff member, and moves their
// request time into the past in the database instead of waiting; the
// escalation scan then runs through the engine, as the worker's would.

const JOB_TYPE = "staff.fix-webhook-endpoint";
const QUEUE_TITLE = "Fix a failing webhook endpoint";
const HOUR = 3_600_000;

async function jobRequestedHoursAgo(prisma: E2EFixtures["prisma"], staff: TestUser, hoursAgo: number) {
  const target = { type: "webhook-endpoint", id: randomUUID() };
  const { job } = await jobRequested(prisma, { jobType: JOB_TYPE, target, sender: "e2e.sla" });
  await jobAssigned(prisma, { jobId: job.id, assignee: staff.id, by: staff.id, source: "staff" });
  await prisma.$executeRaw`UPDATE ${jobsTable} SET created_at = ${new Date(Date.now() - hoursAgo * HOUR)} WHERE id = ${job.id}::uuid`;
  return { id: job.id, targetId: target.id };
}

const rowOf = (page: Page, job: { targetId: string }) => page.getByRole("row", { name: new RegExp(job.targetId) });

test("a breached job counts on the staff overview, waits in the escalation queue at a raised priority, and is marked in its queue", async ({
  page,
  createUser,
  prisma,
}) => {
  test.slow(); // four pages, each checked with axe
  const staff = await createUser({ role: "staff" });
  const breached = await jobRequestedHoursAgo(prisma, staff, 30);
  const atRisk = await jobRequestedHoursAgo(prisma, staff, 20);
  const onTrack = await jobRequestedHoursAgo(prisma, staff, 1);
  await escalateJobs(prisma);
  await signIn(page, staff.email, staff.password);

  await page.goto("/staff");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: QUEUE_TITLE }) });
  await expect(card.getByRole("term").filter({ hasText: "SLA breaches today" })).toBeVisible();
  await expect(card.getByRole("definition").nth(3)).toHaveText(/^[1-9]\d*$/);
  await expectNoSeriousViolations(page);

  await page.getByRole("link", { name: "Escalation queue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Escalation queue" })).toBeVisible();
  const row = rowOf(page, breached);
  await expect(row).toContainText(QUEUE_TITLE);
  await expect(row).toContainText("Urgent");
  await expect(row).toContainText("Breached");
  await expect(row).toContainText("Not resolved in time");
  await expect(rowOf(page, atRisk)).toHaveCount(0);
  await expect(rowOf(page, onTrack)).toHaveCount(0);
  await expectNoSeriousViolations(page);

  await row.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/staff/queues/${JOB_TYPE}/${breached.id}`));
  await expect(page.getByRole("list", { name: "Audit timeline" })).toContainText("Escalated");

  // In its own queue (this staff member's jobs only): marked breached, the 20-hour-old one at risk.
  await page.goto(`/staff/queues/${JOB_TYPE}?assigned=me`);
  await expect(rowOf(page, breached)).toContainText("Breached");
  await expect(rowOf(page, breached)).toContainText("resolution was due");
  await expect(rowOf(page, atRisk)).toContainText("At risk");
  await expect(rowOf(page, onTrack)).toBeVisible();
  await expect(rowOf(page, onTrack)).not.toContainText(/Breached|At risk/);
  await expectNoSeriousViolations(page);
});
