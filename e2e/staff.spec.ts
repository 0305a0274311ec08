import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { uploadDocument } from "../lib/documents/upload-document";
import { jobRequested, type JobTypeKey } from "../lib/jobs";
import { test as base, expect, signIn, type TestUser } from "./fixtures";
import { expectNoSeriousViolations } from "./axe";

// Staff triage queues, end to end. Each test makes its own staff and jobs
// (through the engine, as the product would) with target ids no other test
// uses, and looks at them through a filter only its jobs match (its own
// assignments, or a search for its target), so tests never see each other's rows.

// Retired types take no new jobs (lib/jobs refuses them).
type StaffJobType = Exclude<Extract<JobTypeKey, `staff.${string}`>, "staff.bounced-invite">;
const TARGET_TYPE: Record<StaffJobType, string> = {
  "staff.review-document": "document",
  "staff.rejected-upload": "user",
  "staff.bounced-invites": "user",
  "staff.fix-email-delivery": "notification",
  "staff.fix-webhook-endpoint": "webhook-endpoint",
};

interface StaffJob {
  id: string;
  targetType: string;
  targetId: string;
}

const test = base.extend<{
  requestStaffJob: (jobType: StaffJobType, options?: { assignedTo?: TestUser; dueInHours?: number }) => Promise<StaffJob>;
}>({
  requestStaffJob: async ({ prisma }, use) => {
    await use(async (jobType, { assignedTo, dueInHours } = {}) => {
      const targetId = `e2e-${randomBytes(5).toString("hex")}`;
      const { job } = await jobRequested(prisma, {
        target: { type: TARGET_TYPE[jobType], id: targetId },
        jobType,
        assignedTo: assignedTo?.id ?? null,
        ...(dueInHours === undefined ? {} : { dueAt: new Date(Date.now() + dueInHours * 3_600_000) }),
        metadata: { reportedBy: "e2e", attempt: 1 },
        sender: "e2e.staff",
      });
      return { id: job.id, targetType: job.targetType, targetId: job.targetId };
    });
  },
});

const queueUrl = (jobType: StaffJobType, params: Record<string, string> = {}) =>
  `/staff/queues/${jobType}${Object.keys(params).length ? `?${new URLSearchParams(params)}` : ""}`;
const rowOf = (page: Page, job: StaffJob) => page.getByRole("row", { name: new RegExp(job.targetId) });

/**
 * Presses j until the row has focus. The shortcut works once the page has
 * hydrated; a key pressed before that does nothing, as it would for a person,
 * so the test presses again rather than guess how long hydration takes.
 */
async function jumpIntoTable(page: Page, row: ReturnType<typeof rowOf>) {
  await expect(async () => {
    await page.keyboard.press("j");
    await expect(row).toBeFocused({ timeout: 1_000 });
  }).toPass();
}

test("staff claim a job, resolve it with a note, and read its audit timeline", async ({ page, createUser, requestStaffJob }) => {
  const staff = await createUser({ role: "staff", name: "Casey Claimer" });
  const job = await requestStaffJob("staff.bounced-invites");
  await signIn(page, staff.email, staff.password);

  await page.goto("/staff");
  await page.getByRole("link", { name: "Help with bounced invitations" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Help with bounced invitations" })).toBeVisible();
  await page.getByLabel("Target id").fill(job.targetId);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${job.targetId}`));

  const row = rowOf(page, job);
  await expect(row).toContainText("Unassigned");
  await row.getByRole("button", { name: `Claim user ${job.targetId}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `You claimed user ${job.targetId}.` })).toBeVisible();
  await expect(row.getByRole("cell", { name: "You", exact: true })).toBeVisible();

  await row.getByRole("button", { name: `Resolve user ${job.targetId}` }).click();
  const dialog = page.getByRole("dialog", { name: "Resolve job" });
  await dialog.getByLabel("Resolution note").fill("Fixed the typo in the address and resent.");
  await dialog.getByRole("button", { name: "Resolve" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`user ${job.targetId} is resolved.`)).toBeVisible();
  // Resolved jobs leave the pending view; the search now matches nothing pending.
  await expect(page.getByText("No jobs match these filters")).toBeVisible();

  await page.getByLabel("Status").selectOption("all");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await rowOf(page, job)
    .getByRole("link", { name: `Details of user ${job.targetId}` })
    .click();

  await expect(page).toHaveURL(`/staff/queues/staff.bounced-invites/${job.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Help with bounced invitations" })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Audit timeline" }).getByRole("listitem");
  await expect(timeline).toHaveCount(3);
  await expect(timeline.nth(0)).toContainText("Requested");
  await expect(timeline.nth(0)).toContainText("Asked for by e2e.staff");
  await expect(timeline.nth(1)).toContainText("Assignment changed");
  await expect(timeline.nth(1)).toContainText("From nobody to Casey Claimer");
  await expect(timeline.nth(2)).toContainText("Resolved");
  await expect(timeline.nth(2)).toContainText("by Casey Claimer");
  await expect(timeline.nth(2)).toContainText("Note: Fixed the typo in the address and resent.");
  await expect(page.getByRole("region", { name: "Metadata" })).toContainText("Reported by");
});

test("staff dismiss two selected jobs at once with a reason", async ({ page, createUser, requestStaffJob }) => {
  const staff = await createUser({ role: "staff", name: "Bulk Dismisser" });
  const jobs = [
    await requestStaffJob("staff.review-document", { assignedTo: staff }),
    await requestStaffJob("staff.review-document", { assignedTo: staff }),
  ];
  await signIn(page, staff.email, staff.password);

  await page.goto(queueUrl("staff.review-document", { assigned: "me" }));
  for (const job of jobs) await expect(rowOf(page, job)).toBeVisible();
  await expect(page.locator("tbody").getByRole("row")).toHaveCount(2);

  await page.getByRole("checkbox", { name: "Select every job on this page" }).check();
  await expect(page.getByRole("heading", { name: "2 jobs selected" })).toBeVisible();
  await page.getByRole("button", { name: "Dismiss selected…" }).click();
  const dialog = page.getByRole("dialog", { name: "Dismiss 2 jobs" });
  await dialog.getByLabel("Reason").fill("Test uploads, not real documents.");
  await dialog.getByRole("button", { name: "Dismiss 2 jobs" }).click();

  await expect(page.getByRole("status").filter({ hasText: "2 of 2 jobs dismissed." })).toBeVisible();
  await expect(page.getByText("No jobs match these filters")).toBeVisible();

  await page.goto(`/staff/queues/staff.review-document/${jobs[1]!.id}`);
  const last = page.getByRole("list", { name: "Audit timeline" }).getByRole("listitem").last();
  await expect(last).toContainText("Dismissed");
  await expect(last).toContainText("Reason: Test uploads, not real documents.");
  await expect(last).toContainText("by Bulk Dismisser");
});

test("the queue works from the keyboard: j/k move, Enter opens, c claims, r resolves", async ({ page, createUser, requestStaffJob }) => {
  const staff = await createUser({ role: "staff" });
  const mine = [
    await requestStaffJob("staff.rejected-upload", { assignedTo: staff }),
    await requestStaffJob("staff.rejected-upload", { assignedTo: staff }),
    await requestStaffJob("staff.rejected-upload", { assignedTo: staff }),
  ];
  const free = await requestStaffJob("staff.rejected-upload");
  await signIn(page, staff.email, staff.password);

  await page.goto(queueUrl("staff.rejected-upload", { assigned: "me" }));
  await page.getByText("Keyboard shortcuts").click();
  await expect(page.getByText("Open the job's details")).toBeVisible();

  await jumpIntoTable(page, rowOf(page, mine[0]!));
  await page.keyboard.press("j");
  await expect(rowOf(page, mine[1]!)).toBeFocused();
  await expect(page.getByText("Row 2 of 3")).toBeAttached();
  await page.keyboard.press("ArrowDown");
  await expect(rowOf(page, mine[2]!)).toBeFocused();
  await page.keyboard.press("k");
  await expect(rowOf(page, mine[1]!)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/staff/queues/staff.rejected-upload/${mine[1]!.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Look into a refused upload" })).toBeVisible();

  await page.goto(queueUrl("staff.rejected-upload", { q: free.targetId }));
  const row = rowOf(page, free);
  await jumpIntoTable(page, row);
  await page.keyboard.press("c");
  await expect(page.getByText(`You claimed user ${free.targetId}.`)).toBeVisible();
  await expect(row).toHaveAccessibleName(/assigned to you/);
  await expect(row).toBeFocused();

  await page.keyboard.press("r");
  const dialog = page.getByRole("dialog", { name: "Resolve job" });
  await expect(dialog.getByLabel("Resolution note")).toBeFocused();
  await page.keyboard.type("Helped them convert the file.");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Resolve" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText(`user ${free.targetId} is resolved.`)).toBeVisible();
});

test("rows are selected from the keyboard too, d asks for a reason, and a row's link opens without a page load", async ({
  page,
  createUser,
  requestStaffJob,
}) => {
  const staff = await createUser({ role: "staff" });
  const jobs = [
    await requestStaffJob("staff.rejected-upload", { assignedTo: staff }),
    await requestStaffJob("staff.rejected-upload", { assignedTo: staff }),
    await requestStaffJob("staff.rejected-upload", { assignedTo: staff }),
  ];
  await signIn(page, staff.email, staff.password);
  await page.goto(queueUrl("staff.rejected-upload", { assigned: "me" }));
  const [first, second, third] = jobs.map((job) => rowOf(page, job));
  const selectAll = page.getByRole("checkbox", { name: "Select every job on this page" });

  await jumpIntoTable(page, first!);
  await page.keyboard.press("x");
  await expect(first!).toHaveAccessibleName(/, selected$/);
  await expect(page.getByRole("checkbox", { name: `Select user ${jobs[0]!.targetId}` })).toBeChecked();
  await expect(page.getByRole("heading", { name: "1 job selected" })).toBeVisible();

  await page.keyboard.press("End");
  await expect(third!).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByRole("heading", { name: "2 jobs selected" })).toBeVisible();
  await expect(second!).not.toHaveAccessibleName(/selected/);
  // Some rows but not all: the select-all box is half-checked.
  await expect(selectAll).not.toBeChecked();
  expect(await selectAll.evaluate((box) => (box as HTMLInputElement).indeterminate)).toBe(true);

  await page.keyboard.press("Home");
  await expect(first!).toBeFocused();
  await page.keyboard.press("x");
  await expect(page.getByRole("heading", { name: "1 job selected" })).toBeVisible();
  await expect(first!).not.toHaveAccessibleName(/selected/);

  await page.keyboard.press("d");
  const dialog = page.getByRole("dialog", { name: "Dismiss job" });
  await expect(dialog.getByLabel("Reason")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // The page is hydrated (the keys worked): following a row's link keeps this document.
  await page.evaluate(() => Object.assign(window, { queueMarker: true }));
  await second!.getByRole("link", { name: `Details of user ${jobs[1]!.targetId}` }).click();
  await expect(page).toHaveURL(`/staff/queues/staff.rejected-upload/${jobs[1]!.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Look into a refused upload" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { queueMarker?: boolean }).queueMarker)).toBe(true);
});

test("a plain user is refused the queues, the job pages and the document files", async ({ page, createUser, requestStaffJob }) => {
  const user = await createUser();
  const job = await requestStaffJob("staff.review-document");
  await signIn(page, user.email, user.password);

  for (const path of [queueUrl("staff.review-document"), `/staff/queues/staff.review-document/${job.id}`]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeVisible();
  }
  const file = await page.request.get(`/staff/documents/${job.id}/file`);
  expect(file.status()).toBe(403);
});

test("a staff member who uploaded a document is refused reviewing it, on the review page itself", async ({ page, createUser, prisma }) => {
  const staff = await createUser({ role: "staff" });
  const document = await uploadDocument(prisma, staff.id, {
    name: "my own.pdf",
    type: "application/pdf",
    bytes: new TextEncoder().encode("%PDF-1.4 mine"),
  });
  await signIn(page, staff.email, staff.password);

  await page.goto(`/staff/documents/${document.id}`);
  await page.getByRole("button", { name: "Approve document" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "This is your own document: another staff member must review it." }),
  ).toBeVisible();
  expect((await prisma.document.findUniqueOrThrow({ where: { id: document.id } })).status).toBe("pending_review");
});

test("staff review a document: see it, open the file, reject it with a reason", async ({ page, createUser, prisma }) => {
  const owner = await createUser({ name: "Olga Uploader" });
  const staff = await createUser({ role: "staff" });
  const document = await uploadDocument(prisma, owner.id, {
    name: "passport scan.pdf",
    type: "application/pdf",
    bytes: new TextEncoder().encode("%PDF-1.4 e2e"),
  });
  await signIn(page, staff.email, staff.password);

  await page.goto(`/staff/documents/${document.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Review document" })).toBeVisible();
  const facts = page.getByRole("region", { name: "The document" });
  await expect(facts).toContainText("passport scan.pdf");
  await expect(facts).toContainText("PDF");
  await expect(facts).toContainText("Olga Uploader");

  const href = await page.getByRole("link", { name: /View the file/ }).getAttribute("href");
  const file = await page.request.get(href!);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-type"]).toBe("application/pdf");
  expect(file.headers()["x-content-type-options"]).toBe("nosniff");
  expect(await file.text()).toBe("%PDF-1.4 e2e");

  await page.getByLabel("Reason (the user will see it)").fill("The photo page is cut off.");
  await page.getByRole("button", { name: "Reject document" }).click();
  await expect(page.getByText("The document is rejected; the user has been asked for a new one.")).toBeVisible();
  await expect(facts).toContainText("Rejected");
  await expect(facts).toContainText("The photo page is cut off.");
  const replacement = await prisma.job.findFirst({
    where: { jobType: "documents.upload-replacement", targetId: owner.id, status: "pending" },
  });
  expect(replacement?.metadata).toMatchObject({ reason: "The photo page is cut off.", documentId: document.id });
});

test("a stale page link says so and offers the first page", async ({ page, createUser }) => {
  const staff = await createUser({ role: "staff" });
  await signIn(page, staff.email, staff.password);

  const response = await page.goto(queueUrl("staff.review-document", { assigned: "me", cursor: "not-a-real-cursor" }));
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("This page link is out of date.");
  await page.getByRole("link", { name: "Go to the first page" }).click();
  await expect(page).toHaveURL(queueUrl("staff.review-document", { assigned: "me" }));
});

test.describe("accessibility", () => {
  test("the queue page and the job detail have no serious or critical axe violations", async ({ page, createUser, requestStaffJob }) => {
    const staff = await createUser({ role: "staff" });
    const job = await requestStaffJob("staff.review-document", { assignedTo: staff, dueInHours: -2 });
    await requestStaffJob("staff.review-document", { assignedTo: staff });
    await signIn(page, staff.email, staff.password);

    await page.goto(queueUrl("staff.review-document", { assigned: "me" }));
    await expect(rowOf(page, job)).toContainText("Past due");
    await expectNoSeriousViolations(page);

    await page.goto(`/staff/queues/staff.review-document/${job.id}`);
    await expect(page.getByRole("list", { name: "Audit timeline" })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test.describe("on a phone", () => {
    test.use({ viewport: { width: 375, height: 740 } });

    test("the queue scrolls sideways with a visible hint and stays accessible", async ({ page, createUser, requestStaffJob }) => {
      const staff = await createUser({ role: "staff" });
      const job = await requestStaffJob("staff.bounced-invites", { assignedTo: staff });
      await signIn(page, staff.email, staff.password);

      await page.goto(queueUrl("staff.bounced-invites", { assigned: "me" }));
      await expect(page.getByText("The table scrolls sideways")).toBeVisible();
      await expect(rowOf(page, job)).toBeAttached();
      const region = page.getByRole("region", { name: /Help with bounced invitations/ });
      expect(await region.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
      await expectNoSeriousViolations(page);
    });
  });
});
