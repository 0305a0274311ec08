import { randomBytes, randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { requestOnboardingJobs } from "../lib/accounts/onboarding";
import { jobCompleted, jobsTable } from "../lib/jobs";
import { requestOrganisationJobs } from "../lib/organisations/request-organisation-jobs";
import { test as base, expect, signIn } from "./fixtures";
import { expectNoSeriousViolations } from "./axe";

// The onboarding funnel at /insights, end to end. Each test makes its own
// cohort: people created through the engine (their onboarding jobs requested
// and completed by the signals, as sign-up and the product do), then moved in
// time with SQL so they signed up on one day no other test uses, in the past.
// A URL with that one-day range shows only them.

interface Person {
  id: string;
  name: string;
  email: string;
}

interface Cohort {
  /** The day they all signed up (YYYY-MM-DD). */
  day: string;
  url: string;
  /** Step 2 pending for 10 and 9 days: "over 7 days". */
  oldA: Person;
  oldB: Person;
  /** Step 2 pending for 2 days: "1–3 days". */
  recent: Person;
  /** Still at step 1, asked 12 hours ago: "under 1 day". */
  fresh: Person;
}

const PROFILE = "onboarding.complete-profile";
const VERIFY = "onboarding.verify-email";

const test = base.extend<{ cohort: Cohort }>({
  cohort: async ({ prisma }, use) => {
    // A day between 1990 and 2009: far from today's sign-ups and (by chance of 7,300) from other tests' cohorts.
    const day = new Date(Date.UTC(1990, 0, 1) + randomInt(0, 7300) * 86_400_000).toISOString().slice(0, 10);
    const tag = randomBytes(3).toString("hex");

    async function person(label: string, { verified, waitingDays }: { verified: boolean; waitingDays: number }): Promise<Person> {
      const name = `${label} ${tag}`;
      const user = await prisma.user.create({ data: { email: `${label.toLowerCase().replace(/\W+/g, "-")}-${tag}@e2e.test`, name } });
      await requestOnboardingJobs(prisma, user.id);
      if (verified) await jobCompleted(prisma, { target: { type: "user", id: user.id }, jobType: VERIFY, source: "auto" });
      // Time travel (test data only): the sign-up day, and how long the waiting step has waited.
      await prisma.$executeRaw`UPDATE users SET created_at = ${day}::date + interval '10 hours' WHERE id = ${user.id}::uuid`;
      await prisma.$executeRaw`UPDATE ${jobsTable} SET created_at = now() - ${waitingDays} * interval '1 day'
        WHERE target_id = ${user.id} AND job_type = ${verified ? PROFILE : VERIFY}`;
      return { id: user.id, name, email: user.email };
    }

    const cohort: Cohort = {
      day,
      url: `/insights?from=${day}&to=${day}`,
      oldA: await person("Old Ada", { verified: true, waitingDays: 10 }),
      oldB: await person("Old Bo", { verified: true, waitingDays: 9 }),
      recent: await person("Recent Cy", { verified: true, waitingDays: 2 }),
      fresh: await person("Fresh Di", { verified: false, waitingDays: 0.5 }),
    };
    await use(cohort);
  },
});

test("the product team sees the funnel, opens an age bucket, gives those people more days and downloads them as CSV", async ({
  page,
  createUser,
  cohort,
  prisma,
}) => {
  const product = await createUser({ role: "product" });
  await signIn(page, product.email, product.password);
  await page.goto(cohort.url);

  await expect(page.getByText(/^4 people in the cohort/)).toBeVisible();
  const chart = page.getByRole("figure");
  // Everyone got all five jobs at once, so step 2 has four: Fresh Di's was asked
  // for just now (under 1 day), the others' were moved back in time.
  await expect(chart.getByRole("link", { name: "2. Complete your profile: list the 4 people waiting" })).toBeVisible();
  const table = page.getByRole("table", { name: /Onboarding jobs per step/ });
  await expect(table.getByRole("row", { name: /^2\. Complete your profile/ }).getByRole("cell")).toHaveText([
    "4",
    "1 waiting under 1 day at step 2",
    "1 waiting 1–3 days at step 2",
    "0",
    "2 waiting over 7 days at step 2",
    // Its 7-day window: Fresh Di's and Recent Cy's jobs are in progress, the two older ones stalled.
    "2",
    "2",
    "0",
    "0",
    "0",
    "0%",
    "0%",
    "—none completed yet",
    "—none completed yet",
  ]);

  await table.getByRole("link", { name: "2 waiting over 7 days at step 2" }).click();

  await expect(page).toHaveURL(new RegExp(`step=${PROFILE}&bucket=gt7d`));
  const list = page.getByRole("region", { name: "People waiting" });
  await expect(page.getByRole("heading", { name: "People waiting over 7 days at step 2: Complete your profile" })).toBeVisible();
  await expect(list.getByRole("row")).toHaveCount(3);
  await expect(list.getByRole("rowheader")).toHaveText([
    `${cohort.oldA.name}${cohort.oldA.email}`,
    `${cohort.oldB.name}${cohort.oldB.email}`,
  ]);
  await expect(list.getByRole("row", { name: new RegExp(cohort.oldA.name) })).toContainText("10 days");

  const expiresBefore = await prisma.job.findMany({
    where: { targetId: { in: [cohort.oldA.id, cohort.oldB.id] }, jobType: PROFILE },
    orderBy: { targetId: "asc" },
  });
  await list.getByRole("checkbox", { name: "Select everyone on this page" }).check();
  await expect(page.getByText("2 people selected")).toBeVisible();
  await page.getByRole("spinbutton", { name: "Days to add to their expiry" }).fill("5");
  await page.getByRole("button", { name: "Extend selected jobs" }).click();

  await expect(page.getByText("Gave 2 jobs 5 more days.")).toBeVisible();
  const expiresAfter = await prisma.job.findMany({
    where: { targetId: { in: [cohort.oldA.id, cohort.oldB.id] }, jobType: PROFILE },
    orderBy: { targetId: "asc" },
    include: { events: { where: { kind: "extended" } } },
  });
  expect(expiresAfter.map((job, i) => job.expiresAt!.getTime() - expiresBefore[i]!.expiresAt!.getTime())).toEqual([
    5 * 86_400_000,
    5 * 86_400_000,
  ]);
  expect(expiresAfter.map((job) => job.events.map((e) => ({ actorId: e.actorId, source: e.source })))).toEqual([
    [{ actorId: product.id, source: "staff" }],
    [{ actorId: product.id, source: "staff" }],
  ]);
  // Untouched: the other people of the step.
  const others = await prisma.jobEvent.count({
    where: { kind: "extended", job: { targetId: { in: [cohort.recent.id, cohort.fresh.id] } } },
  });
  expect(others).toBe(0);

  const downloadLink = page.getByRole("link", { name: "Download CSV of all 2" });
  const [download] = await Promise.all([page.waitForEvent("download"), downloadLink.click()]);
  expect(download.suggestedFilename()).toMatch(/^stalled-complete-profile-gt7d-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const lines = csv.split("\r\n");
  expect(lines[0]).toBe("User id,Name,Email,Signed up (UTC),Step,Waiting since (UTC),Waiting (days),Expires (UTC),Job id");
  expect(lines.slice(1, -1).map((line) => line.split(",").slice(0, 3))).toEqual([
    [cohort.oldA.id, cohort.oldA.name, cohort.oldA.email],
    [cohort.oldB.id, cohort.oldB.name, cohort.oldB.email],
  ]);
  expect(lines.at(-1)).toBe("");

  const response = await page.request.get((await downloadLink.getAttribute("href"))!);
  expect(response.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="stalled-complete-profile-gt7d-/);
});

test("the chart opens lists too: a step's name, and one waiting segment", async ({ page, createUser, cohort }) => {
  const admin = await createUser({ role: "admin" });
  await signIn(page, admin.email, admin.password);
  await page.goto(cohort.url);
  const chart = page.getByRole("figure");

  await chart.getByRole("link", { name: "1. Verify your email address: list the 1 person waiting" }).click();

  await expect(page.getByRole("heading", { name: "People waiting at step 1: Verify your email address" })).toBeVisible();
  const list = page.getByRole("region", { name: "People waiting" });
  await expect(list.getByRole("rowheader")).toHaveText([`${cohort.fresh.name}${cohort.fresh.email}`]);

  // A chart segment has no role of its own (the table is its accessible twin): it is found by the step and series it draws.
  await chart.locator(`[data-segment="${PROFILE}:d1to3"]`).click();

  await expect(page).toHaveURL(new RegExp(`step=${PROFILE}&bucket=d1to3`));
  await expect(page.getByRole("heading", { name: "People waiting 1–3 days at step 2: Complete your profile" })).toBeVisible();
  await expect(list.getByRole("rowheader")).toHaveText([`${cohort.recent.name}${cohort.recent.email}`]);
});

test("the funnel switches to organisations and back, by keyboard, keeping the cohort", async ({ page, createUser, prisma }) => {
  // Two organisations made on a day of their own (1990–2009, like the people's cohorts), and one person that day.
  const day = new Date(Date.UTC(1990, 0, 1) + randomInt(0, 7300) * 86_400_000).toISOString().slice(0, 10);
  const made = new Date(`${day}T09:00:00Z`);
  const orgs = [];
  for (const name of ["Acme", "Globex"]) {
    const org = await prisma.organisation.create({ data: { name: `${name} ${randomBytes(3).toString("hex")}`, createdAt: made } });
    await requestOrganisationJobs(prisma, org.id);
    orgs.push(org);
  }
  await jobCompleted(prisma, {
    target: { type: "organisation", id: orgs[0]!.id },
    jobType: "organisation.add-company-details",
    source: "auto",
  });
  const person = await prisma.user.create({ data: { email: `org-day-${randomBytes(3).toString("hex")}@e2e.test`, createdAt: made } });
  await requestOnboardingJobs(prisma, person.id);

  const product = await createUser({ role: "product" });
  await signIn(page, product.email, product.password);
  await page.goto(`/insights?from=${day}&to=${day}`);
  await expect(page.getByText(/^1 person in the cohort/)).toBeVisible();
  const units = page.getByRole("navigation", { name: "Count the funnel by" });
  await expect(units.getByRole("link", { name: "People" })).toHaveAttribute("aria-current", "page");

  await units.getByRole("link", { name: "Organisations" }).focus();
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(new RegExp(`unit=organisations&from=${day}&to=${day}`));
  await expect(units.getByRole("link", { name: "Organisations" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText(/^2 organisations in the cohort: organisations who were made from/)).toBeVisible();
  const table = page.getByRole("table", { name: /Organisation onboarding jobs per step/ });
  await expect(table.getByRole("rowheader")).toHaveText([/^1\. Add your company details/, /^2\. Invite two teammates/]);
  // Company details: 2 jobs, one pending (just asked: in progress), one done; 50% of its jobs.
  await expect(table.getByRole("row", { name: /^1\. Add your company details/ }).getByRole("cell")).toHaveText([
    "2",
    "1",
    "0",
    "0",
    "0",
    "1",
    "0",
    "1",
    "0",
    "0",
    "50%",
    "50%",
    /^(≈ )?under 1 min$/,
    /^(≈ )?under 1 min$/,
  ]);
  // The preset links keep the unit.
  await expect(page.getByRole("navigation", { name: "Cohort presets" }).getByRole("link", { name: "All time" })).toHaveAttribute(
    "href",
    "/insights?unit=organisations",
  );
  await expect(page.getByRole("heading", { level: 2, name: "Conversion over time" })).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Conversion by week table" }).getByRole("columnheader", { name: "Organisations" }),
  ).toBeVisible();
  await expectNoSeriousViolations(page);

  await units.getByRole("link", { name: "People" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/insights\\?from=${day}&to=${day}$`));
  await expect(page.getByText(/^1 person in the cohort/)).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the page keeps to the screen's width; the wide table scrolls on its own and says so", async ({ page, createUser, cohort }) => {
    const product = await createUser({ role: "product" });
    await signIn(page, product.email, product.password);
    await page.goto(`${cohort.url}&step=${PROFILE}`);
    await expect(page.getByRole("figure").getByRole("link")).toHaveCount(5);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const table = page.getByRole("region", { name: "Onboarding funnel table" });
    expect(await table.evaluate((node) => node.scrollWidth > node.clientWidth)).toBe(true);
    await expect(page.getByText("Scroll sideways to see every column.").first()).toBeVisible();
    // Reachable by keyboard, so arrow keys can scroll it.
    await expect(table).toHaveAttribute("tabindex", "0");
  });
});

test("staff who are not admins are refused the funnel and its export", async ({ page, createUser }) => {
  const staff = await createUser({ role: "staff" });
  await signIn(page, staff.email, staff.password);

  const response = await page.goto("/insights");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeVisible();

  const csv = await page.request.get(`/insights/stalled.csv?step=${PROFILE}`);
  expect(csv.status()).toBe(403);
  expect(csv.headers()["content-type"]).toBe("text/plain; charset=utf-8");
  expect(await csv.text()).toContain("Your account is not allowed to download this list.");
});

test("dates that are not dates get a clear message, not an error page", async ({ page, createUser }) => {
  const product = await createUser({ role: "product" });
  await signIn(page, product.email, product.password);

  const response = await page.goto("/insights?from=2026-02-30&to=soon");

  expect(response?.status()).toBe(200);
  const alert = page.getByRole("alert").filter({ hasText: "These dates cannot be used" });
  await expect(alert).toContainText('"2026-02-30" is not a date. Use the form YYYY-MM-DD');
  await expect(alert).toContainText('"soon" is not a date.');
});

test("the insights page, with a list open, has no serious accessibility problems", async ({ page, createUser, cohort }) => {
  const product = await createUser({ role: "product" });
  await signIn(page, product.email, product.password);
  await page.goto(`${cohort.url}&step=${PROFILE}`);
  await expect(page.getByRole("region", { name: "People waiting" }).getByRole("rowheader")).toHaveCount(4);
  // The chart draws once it has measured its box.
  await expect(page.getByRole("figure").getByRole("link")).toHaveCount(5);

  await expect(page.getByRole("heading", { level: 2, name: "Notifications" })).toBeVisible();

  await expectNoSeriousViolations(page);
});
