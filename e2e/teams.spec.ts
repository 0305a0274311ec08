import type { Browser, Page } from "@playwright/test";
import { expect, SIGN_UP_PASSWORD, signIn, signUp, test, testClientAddress, uniqueEmail } from "./fixtures";
import { expectNoSeriousViolations } from "./axe";

// Teams in the browser: a person invites a colleague by email; the colleague
// opens the link, signs up, signs in and joins. Both then see their team's
// jobs under "For your team"; when the owner does one, the member's list says
// it is done, and by whom. The inviter's own "invite a teammate" is done by
// the colleague joining.

const teamList = (page: Page) => page.getByRole("list", { name: "For your team" });
const teamStep = (page: Page, title: string) => teamList(page).getByRole("listitem").filter({ hasText: title });

/** A second, independent browser (its own cookies), the colleague's. */
async function otherBrowser(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": testClientAddress() } });
  return context.newPage();
}

test("two members of a team see the same team job; the owner does it and the member's list says done, by whom", async ({
  page,
  browser,
  prisma,
}) => {
  test.slow(); // two sign-ups, an email through the worker, two browsers
  await signUp(page, { name: "Olga Owner", emailPrefix: "team-owner" });
  await expect(teamStep(page, "Add your company details")).toContainText("For admins");
  await expect(page.getByText("0 of 2 done")).toBeVisible();

  // The owner invites a colleague; the e2e worker delivers the email into the dev mailbox.
  const colleague = uniqueEmail("team-member");
  await page.goto("/team");
  await expect(page.getByRole("heading", { level: 1, name: "Olga Owner's team" })).toBeVisible();
  await page.getByLabel("Teammate's email").fill(colleague);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation on its way to ${colleague}.` })).toBeVisible();
  let link = "";
  await expect
    .poll(
      async () => {
        const email = await prisma.capturedEmail.findFirst({ where: { to: colleague }, select: { text: true } });
        link = email?.text.match(/https?:\/\/\S+\/join\?token=[\w.-]+/)?.[0] ?? "";
        return link;
      },
      { timeout: 20_000 },
    )
    .not.toBe("");
  const joinPath = new URL(link).pathname + new URL(link).search;

  // The colleague opens it signed out, creates an account, signs in, and is brought back to join.
  const mate = await otherBrowser(browser);
  await mate.goto(joinPath);
  await expect(mate.getByRole("heading", { level: 1, name: "Join Olga Owner's team" })).toBeVisible();
  await expectNoSeriousViolations(mate);
  await mate.getByRole("link", { name: "Create an account" }).click();
  await mate.getByLabel("Name").fill("Mo Member");
  await mate.getByLabel("Email").fill(colleague);
  await mate.getByLabel("Password").fill(SIGN_UP_PASSWORD);
  await mate.getByRole("button", { name: "Create account" }).click();
  await expect(mate.getByRole("main").getByText("Check your inbox")).toBeVisible();
  // The page's link (not the header's) keeps where to come back to.
  await mate.getByRole("main").getByRole("link", { name: "Sign in", exact: true }).first().click();
  await expect(mate).toHaveURL(`/signin?callbackUrl=${encodeURIComponent(joinPath)}`);
  await signIn(mate, colleague, SIGN_UP_PASSWORD);
  await expect(mate).toHaveURL(joinPath);
  await mate.getByRole("button", { name: "Join Olga Owner's team" }).click();
  await expect(mate.getByRole("status").filter({ hasText: "You are in Olga Owner's team" })).toBeVisible();
  await expectNoSeriousViolations(mate);

  // The member sees the same team job as the owner, as the team's: an admin does it.
  await mate.goto("/todo");
  await expect(teamStep(mate, "Add your company details")).toContainText("An admin of your team can do this.");
  await expect(mate.getByText("0 of 2 done")).toBeVisible();
  await mate.goto("/team");
  await expect(mate.getByRole("list", { name: /Members/ }).getByRole("listitem")).toHaveText([
    /Olga Owner.*Owner/,
    /Mo Member.*\(you\).*Member/,
  ]);
  await expect(mate.getByRole("button", { name: "Save details" })).toHaveCount(0);

  // The owner's "invite a teammate" was done by the colleague joining.
  await page.goto("/todo");
  await expect(
    page.getByRole("list", { name: "Recently done" }).getByRole("listitem").filter({ hasText: "Invite a teammate" }),
  ).toContainText("Completed automatically");

  // The owner does the team job on the team page.
  await teamStep(page, "Add your company details").getByRole("link", { name: "Do it now: Add your company details" }).click();
  await expect(page).toHaveURL("/team#company-details");
  await page.getByLabel("Team name").fill("Okafor Freight");
  await page.getByLabel("Website").fill("https://okafor-freight.example");
  await page.getByLabel("Industry").fill("Logistics");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved the details of Okafor Freight." })).toBeVisible();
  await expectNoSeriousViolations(page);

  // The member's list: done, by the owner, and the team's progress moved for both.
  await mate.goto("/todo");
  await expect(teamStep(mate, "Add your company details")).toContainText("Done by Olga Owner");
  await expect(mate.getByText("1 of 2 done")).toBeVisible();
  await expect(mate.getByRole("progressbar", { name: "For your team" })).toHaveAttribute("aria-valuenow", "1");
  await expect(mate.getByText("Shared by everyone in Okafor Freight")).toBeVisible();
  await expectNoSeriousViolations(mate);
  await page.goto("/todo");
  await expect(teamStep(page, "Add your company details")).toContainText("Done by Olga Owner");

  // The link works once: opened again by anyone else, it says so.
  await page.goto(joinPath);
  await expect(page.getByText("This invitation has been used")).toBeVisible();
});
