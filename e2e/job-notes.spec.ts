import type { Page } from "@playwright/test";
import { uploadDocument } from "../lib/documents/upload-document";
import { jobRequested } from "../lib/jobs";
import { staffHandle } from "../lib/notes/mentions";
import { expectNoSeriousViolations } from "./axe";
import { expect, signIn, signOut, test } from "./fixtures";

// Notes on a staff job, end to end: a note with a mention reaches the person
// mentioned through the inbox and brings them to the job; a note marked
// visible reaches the person the job is about, on their todo item. Each test
// makes its own people and jobs.

const timeline = (page: Page) => page.getByRole("list", { name: "Audit timeline" });

test("staff A mentions staff B in a note; B opens the notification and lands on the job", async ({ page, browser, createUser, prisma }) => {
  const ann = await createUser({ role: "staff", name: "Ann Author" });
  const bo = await createUser({ role: "staff", name: "Bo Mentioned" });
  const person = await createUser({ name: "Pat Person" });
  const { job } = await jobRequested(prisma, {
    target: { type: "user", id: person.id },
    jobType: "staff.rejected-upload",
    sender: "e2e.notes",
  });
  const jobUrl = `/staff/queues/staff.rejected-upload/${job.id}`;

  await signIn(page, ann.email, ann.password);
  await page.goto(jobUrl);
  const note = page.getByLabel("Note", { exact: true });
  // The mention list, from the keyboard: type @ and the start of the handle, Enter picks the one offered.
  const handle = staffHandle(bo.email);
  const mentions = page.getByRole("listbox", { name: "Staff members to mention" });
  await expect(async () => {
    await note.fill("");
    await note.pressSequentially(`Could you call them? @${handle.slice(0, -2)}`);
    await expect(mentions.getByRole("option", { name: /Bo Mentioned/ })).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(note).toHaveAttribute("aria-activedescendant", /.+/);
  await note.press("Enter");
  await expect(note).toHaveValue(`Could you call them? @${handle} `);
  await note.pressSequentially("The upload rules are at https://example.test/help.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByText("Note added. Notified: Bo Mentioned.")).toBeVisible();

  const written = timeline(page).getByRole("listitem").filter({ hasText: "Could you call them?" });
  await expect(written).toContainText("by you");
  const link = written.getByRole("link", { name: "https://example.test/help" });
  await expect(link).toHaveAttribute("href", "https://example.test/help");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expectNoSeriousViolations(page);

  // B, in a browser of their own.
  const context = await browser.newContext();
  const other = await context.newPage();
  try {
    await signIn(other, bo.email, bo.password);
    await other.goto("/inbox");
    const item = other.getByRole("listitem").filter({ hasText: "Ann Author mentioned you on “Look into a refused upload”" });
    await expect(item).toContainText("Could you call them?");
    await expect(item.getByText("Unread", { exact: true })).toBeVisible();
    await expectNoSeriousViolations(other);
    await item.getByRole("link", { name: "Open: Look into a refused upload" }).click();
    await expect(other).toHaveURL(jobUrl);
    await expect(timeline(other).getByRole("listitem").filter({ hasText: "Could you call them?" })).toContainText("Ann Author");
    // B may not change A's words: no Edit or Delete on a note of someone else's.
    await expect(timeline(other).getByRole("button", { name: /^(Edit|Delete) your note/ })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("a note marked visible to the person shows on their todo item after the document is rejected", async ({
  page,
  createUser,
  prisma,
}) => {
  const owner = await createUser({ name: "Olga Owner" });
  const staff = await createUser({ role: "staff" });
  const document = await uploadDocument(prisma, owner.id, {
    name: "passport.pdf",
    type: "application/pdf",
    bytes: new TextEncoder().encode("%PDF-1.4 e2e"),
  });
  const review = await prisma.job.findFirstOrThrow({ where: { jobType: "staff.review-document", targetId: document.id } });

  await signIn(page, staff.email, staff.password);
  await page.goto(`/staff/queues/staff.review-document/${review.id}`);
  await page.getByLabel("Note", { exact: true }).fill("The expiry date is cut off. A photo of the whole page works best.");
  await page.getByLabel("Show to the person").check();
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByText("Note added.", { exact: true })).toBeVisible();
  await expect(timeline(page).getByRole("listitem").filter({ hasText: "The expiry date is cut off." })).toContainText(
    "Visible to the person",
  );
  await page.getByLabel("Note", { exact: true }).fill("Internal: second upload this week.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(timeline(page).getByRole("listitem").filter({ hasText: "Internal: second upload this week." })).toBeVisible();

  await page.goto(`/staff/documents/${document.id}`);
  await page.getByLabel("Reason (the user will see it)").fill("Expiry date not readable.");
  await page.getByRole("button", { name: "Reject document" }).click();
  await expect(page.getByText("The document is rejected; the user has been asked for a new one.")).toBeVisible();
  await signOut(page);

  await signIn(page, owner.email, owner.password);
  await page.goto("/todo");
  const item = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Upload a new document" }) });
  const notes = item.getByRole("region", { name: "Notes from our team on “Upload a new document”" });
  await expect(notes).toContainText("The expiry date is cut off. A photo of the whole page works best.");
  await expect(page.getByText("Internal: second upload this week.")).toHaveCount(0);
  await expectNoSeriousViolations(page);
});
