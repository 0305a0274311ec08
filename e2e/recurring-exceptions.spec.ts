import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { jobAssigned, reportException } from "../lib/jobs";
import { expectNoSeriousViolations } from "./axe";
import { type E2EFixtures, expect, signIn, test, type TestUser } from "./fixtures";

// Exceptions that recur, end to end: refused uploads reported through the
// engine as the upload code reports them, each report after the first
// counting on the pending staff job. The jobs are assigned to this test's
// staff member, and the queue is looked at with "assigned to me", so no other
// test's rows show up.

const QUEUE = "/staff/queues/staff.rejected-upload";

/** A refused-upload job for a person, reported `times` times, assigned to `staff`. */
async function refusedUploads(prisma: E2EFixtures["prisma"], staff: TestUser, times: number) {
  const target = { type: "user", id: randomUUID() };
  let jobId = "";
  for (let n = 1; n <= times; n++) {
    const { job } = await reportException(prisma, {
      jobType: "staff.rejected-upload",
      target,
      error: new Error(`Files of type image/heic are not accepted (#${n}).`),
      context: { fileName: `scan-${n}.heic`, contentType: "image/heic" },
      sender: "documents.upload",
    });
    jobId = job.id;
  }
  await jobAssigned(prisma, { jobId, assignee: staff.id, source: "staff" });
  return { id: jobId, targetId: target.id };
}

const rowOf = (page: Page, job: { targetId: string }) => page.getByRole("row", { name: new RegExp(job.targetId) });
const targetOrder = async (page: Page) =>
  (await page.getByRole("table").getByRole("row").allTextContents()).slice(1).map((text) => text.match(/[0-9a-f-]{36}/)?.[0]);

test("the queue shows how often each exception recurred, sorts by it, and the job's timeline lists each recurrence", async ({
  page,
  createUser,
  prisma,
}) => {
  const staff = await createUser({ role: "staff" });
  // Opened in this order: once, three times, twice.
  const once = await refusedUploads(prisma, staff, 1);
  const thrice = await refusedUploads(prisma, staff, 3);
  const twice = await refusedUploads(prisma, staff, 2);
  await signIn(page, staff.email, staff.password);

  await page.goto(`${QUEUE}?assigned=me`);
  await expect(rowOf(page, thrice)).toContainText("×3");
  // "×3" is for the eyes; a screen reader hears "3 times" under the "Reported" header, and the row's name says it.
  await expect(rowOf(page, thrice).getByText("3 times", { exact: true })).toBeAttached();
  await expect(rowOf(page, thrice)).toHaveAccessibleName(/reported 3 times/);
  await expect(rowOf(page, twice)).toContainText("×2");
  await expect(rowOf(page, once)).not.toContainText("×");
  await expect(rowOf(page, once)).toContainText("once");
  // Oldest first by default.
  expect(await targetOrder(page)).toEqual([once.targetId, thrice.targetId, twice.targetId]);
  await expectNoSeriousViolations(page);

  await page.getByLabel("Sort").selectOption("occurrences");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/sort=occurrences/);
  await expect(page.getByRole("table")).toHaveAccessibleName(/most reported first/);
  expect(await targetOrder(page)).toEqual([thrice.targetId, twice.targetId, once.targetId]);
  await expectNoSeriousViolations(page);

  await page.goto(`${QUEUE}/${thrice.id}`);
  await expect(page.getByRole("region", { name: "The job" })).toContainText("Reported 3 times");
  const timeline = page.getByRole("list", { name: "Audit timeline" }).getByRole("listitem");
  const recurrences = timeline.filter({ hasText: "Reported again" });
  await expect(recurrences).toHaveCount(2);
  await expect(recurrences.nth(0)).toContainText("Occurrence 2, reported by documents.upload");
  await expect(recurrences.nth(0)).toContainText("scan-2.heic");
  await expect(recurrences.nth(1)).toContainText("Occurrence 3");
  await expect(recurrences.nth(1)).toContainText("not accepted (#3)");
  await expectNoSeriousViolations(page);
});
