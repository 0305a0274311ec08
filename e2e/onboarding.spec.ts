import type { Page } from "@playwright/test";
import { expect, SIGN_UP_PASSWORD, signIn, signOut, signUp as signUpAs, test } from "./fixtures";
import { expectNoSeriousViolations } from "./axe";

// A new person's first steps, through the real sign-up and the host product's
// own pages: the jobs complete themselves as the person does things, except
// the one they tick by hand.

const ONBOARDING = [
  "Verify your email address",
  "Complete your profile",
  "Upload a verification document",
  "Invite a teammate",
  "Read the getting started guide",
];
// A tiny but well-formed PDF: the server only checks its declared type and size.
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** Signs up a brand-new person through the form; they land on their jobs. */
const signUp = (page: Page) => signUpAs(page, { name: "Mina Okafor", emailPrefix: "onboarding" });

const toDo = (page: Page) => page.getByRole("list", { name: "To do" });
const recentlyDone = (page: Page) => page.getByRole("list", { name: "Recently done" });
const doneItem = (page: Page, title: string) => recentlyDone(page).getByRole("listitem").filter({ hasText: title });
const progress = (page: Page) => page.getByRole("progressbar", { name: "Getting started" });
const documentField = (page: Page) => page.getByLabel("Document", { exact: true });

async function expectProgress(page: Page, done: number) {
  await expect(page.getByText(`${done} of 5 done`)).toBeVisible();
  await expect(progress(page)).toHaveAttribute("aria-valuenow", String(done));
}

test("a new person's onboarding: the profile completes itself, the guide is ticked at once, a document completes its job", async ({
  page,
}) => {
  await signUp(page);

  await expect(toDo(page).getByRole("heading", { level: 3 })).toHaveText(ONBOARDING);
  await expectProgress(page, 0);
  await expect(page.getByText("You're all caught up")).toHaveCount(0);

  // The profile, reached from the job's own link.
  await toDo(page).getByRole("link", { name: "Do it now: Complete your profile" }).click();
  await expect(page).toHaveURL("/profile");
  await expect(page.getByLabel("Name")).toHaveValue("Mina Okafor");
  await page.getByLabel("Company").fill("Acme");
  await page.getByLabel("Job title").fill("Analyst");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Profile saved" })).toBeVisible();

  // Nothing was ticked, yet the job is done.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My jobs" }).click();
  await expect(toDo(page).getByRole("heading", { name: "Complete your profile" })).toHaveCount(0);
  await expect(doneItem(page, "Complete your profile")).toContainText("Completed automatically");
  await expectProgress(page, 1);

  // The manual job. Its server call is held back until we have seen the
  // list change, which proves the update does not wait for the server.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/todo", async (route) => {
    if (route.request().method() === "POST") await held;
    await route.continue();
  });
  const guide = toDo(page).getByRole("checkbox", { name: "Read the getting started guide" });
  await guide.click();
  await expect(guide).toBeChecked();
  await expectProgress(page, 2);
  release();
  await expect(doneItem(page, "Read the getting started guide")).toContainText("Completed by you");
  await page.unroute("**/todo");

  await page.reload();
  await expectProgress(page, 2);
  await expect(doneItem(page, "Complete your profile")).toContainText("Completed automatically");
  await expect(doneItem(page, "Read the getting started guide")).toContainText("Completed by you");
  await expect(toDo(page).getByRole("heading", { level: 3 })).toHaveText([
    "Verify your email address",
    "Upload a verification document",
    "Invite a teammate",
  ]);

  // A valid document completes the upload job.
  await toDo(page).getByRole("link", { name: "Do it now: Upload a verification document" }).click();
  await expect(page).toHaveURL("/documents");
  await documentField(page).setInputFiles({ name: "passport.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: "Upload document" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Document uploaded" })).toBeVisible();
  const documents = page.getByRole("list", { name: "Your documents" });
  await expect(documents.getByRole("listitem")).toHaveCount(1);
  await expect(documents.getByRole("listitem")).toContainText("passport.pdf");
  await expect(documents.getByRole("listitem")).toContainText("Waiting for review");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My jobs" }).click();
  await expect(doneItem(page, "Upload a verification document")).toContainText("Completed automatically");
  await expectProgress(page, 3);
});

test("a file of the wrong type is refused with the message beside the field, and its job stays open", async ({ page }) => {
  await signUp(page);
  await toDo(page).getByRole("link", { name: "Do it now: Upload a verification document" }).click();

  const field = documentField(page);
  await field.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a document") });
  await page.getByRole("button", { name: "Upload document" }).click();

  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/Files of type text\/plain are not accepted/);
  await expect(field).toBeFocused();
  await expect(page.getByText("No documents yet")).toBeVisible();
  await expectNoSeriousViolations(page);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My jobs" }).click();
  await expect(toDo(page).getByRole("heading", { name: "Upload a verification document" })).toBeVisible();
});

test("an invitation is emailed: a bounce from the mail server says so, delivered it awaits acceptance", async ({ page, prisma }) => {
  await signUp(page);
  await toDo(page).getByRole("link", { name: "Do it now: Invite a teammate" }).click();
  await expect(page).toHaveURL("/team");
  const suffix = crypto.randomUUID().slice(0, 8);
  const sent = page.getByRole("list", { name: "Invitations you sent" });
  const email = page.getByLabel("Teammate's email");
  // Delivery is the worker's, a moment later: look again until the outcome shows.
  const expectOutcome = async (address: string, outcome: string) =>
    expect(async () => {
      await page.goto("/team");
      await expect(sent.getByRole("listitem").filter({ hasText: address })).toContainText(outcome, { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });

  // The dev mailbox answers like a mail server: a reserved domain cannot receive mail.
  const nobody = `nobody-${suffix}@nowhere.invalid`;
  await email.fill(nobody);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation on its way to ${nobody}.` })).toBeVisible();
  await expectOutcome(nobody, "Bounced");
  await expect(sent.getByRole("listitem").filter({ hasText: nobody })).toContainText("550");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My jobs" }).click();
  await expect(toDo(page).getByRole("heading", { name: "Invite a teammate" })).toBeVisible();

  await page.goto("/team");
  const teammate = `teammate-${suffix}@acme.com`;
  await page.getByLabel("Teammate's email").fill(teammate);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation on its way to ${teammate}.` })).toBeVisible();
  await expectOutcome(teammate, "Delivered");
  await expect(sent.getByRole("listitem")).toHaveCount(2);
  await expectNoSeriousViolations(page);
  expect(await prisma.capturedEmail.findMany({ where: { to: teammate }, select: { subject: true } })).toEqual([
    { subject: "You are invited to jtbd" },
  ]);

  // Delivered is not joined: the job is done when the teammate accepts (e2e/teams.spec.ts).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My jobs" }).click();
  await expect(toDo(page).getByRole("heading", { name: "Invite a teammate" })).toBeVisible();
});

test("the guide's own 'Mark as read' completes its job", async ({ page }) => {
  await signUp(page);
  await toDo(page).getByRole("link", { name: "Open: Read the getting started guide" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Getting started" })).toBeVisible();

  await page.getByRole("button", { name: "Mark as read" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You marked this guide as read" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark as read" })).toHaveCount(0);

  await page.getByRole("link", { name: "Back to my jobs" }).click();
  await expect(doneItem(page, "Read the getting started guide")).toContainText("Completed by you");
});

test("the emailed verify link, opened signed out, verifies the address after sign-in and completes its job", async ({ page, db }) => {
  const email = await signUp(page);

  // The e2e notification worker delivers the sign-up email into captured_emails.
  let path: string | undefined;
  await expect
    .poll(
      async () => {
        const { rows } = await db.query<{ text: string }>(`SELECT text FROM captured_emails WHERE "to" = $1 ORDER BY created_at DESC`, [
          email,
        ]);
        path = rows.map((row) => /\/account\/verify-email\?token=[A-Za-z0-9_.-]+/.exec(row.text)?.[0]).find(Boolean);
        return path;
      },
      { message: "the verify-email email arrives", timeout: 20_000 },
    )
    .toBeTruthy();

  await signOut(page);
  await page.goto(path!);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount%2Fverify-email%3Ftoken%3D/);
  await signIn(page, email, SIGN_UP_PASSWORD);

  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Your email is verified" })).toBeVisible();
  await page.getByRole("link", { name: "Go to my jobs" }).click();
  await expect(doneItem(page, "Verify your email address")).toContainText("Completed automatically");
});

test("a verify-email link opened signed out goes through sign-in and back; a bad link says so", async ({ page, createUser }) => {
  const user = await createUser();

  await page.goto("/account/verify-email?token=not-a-real-token");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await signIn(page, user.email, user.password);

  await expect(page).toHaveURL("/account/verify-email?token=not-a-real-token");
  const alert = page.getByRole("main").getByRole("alert");
  await expect(alert).toContainText("This link does not work");
  await expect(alert).toContainText("not valid or has expired");
});

test.describe("the upload route", () => {
  test("refuses a signed-out caller and another site's form", async ({ request, page }) => {
    const file = { name: "passport.pdf", mimeType: "application/pdf", buffer: PDF };

    const signedOut = await request.post("/documents/upload", { multipart: { file } });
    expect(signedOut.status()).toBe(401);
    expect(await signedOut.json()).toMatchObject({ ok: false, error: { code: "unauthenticated" } });

    await signUp(page);
    const crossSite = await page.request.post("/documents/upload", {
      multipart: { file },
      headers: { Origin: "https://elsewhere.example" },
    });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.json()).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});

test.describe("accessibility", () => {
  for (const path of ["/todo", "/profile", "/documents", "/team", "/guide"]) {
    test(`${path} has no serious or critical axe violations`, async ({ page }) => {
      await signUp(page);
      if (path !== "/todo") await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      if (path === "/todo") await expect(toDo(page).getByRole("listitem")).toHaveCount(5);
      await expectNoSeriousViolations(page);
    });
  }

  test("/todo on a phone: the jobs and their controls fit, and pass axe", async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await signUp(page);
    await expect(toDo(page).getByRole("listitem")).toHaveCount(5);
    // Nothing wider than the screen: no sideways scrolling to reach a control.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await expectNoSeriousViolations(page);
  });
});
