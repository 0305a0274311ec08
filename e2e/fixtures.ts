import { randomBytes, randomUUID } from "node:crypto";
import { test as base, expect, type Locator, type Page } from "@playwright/test";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import type { Role } from "../lib/auth/roles";
import { createPrismaClient, type PrismaClient } from "../lib/db/client";
import { jobRequested, jobsTable, jobTypeKey } from "../lib/jobs";
import { startJobs } from "../lib/jobs/start-jobs";
import { E2E_DATABASE_URL } from "./database-url";

export { expect };

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  role: Role;
}

interface Fixtures {
  /** Creates a user who can sign in, with an email no other test uses. */
  createUser: (options?: { role?: Role; name?: string }) => Promise<TestUser>;
  /**
   * Requests a job on a user's own list through the engine, with the
   * job signals' receivers connected as in the web server (so its in-app
   * notification and any email exist as they would). A negative
   * `expiresInSeconds` then moves its expiry into the past, as if time had
   * passed; null or omitted: the type's default.
   */
  createJobFor: (user: TestUser, jobType: string, options?: { expiresInSeconds?: number | null }) => Promise<string>;
}

interface WorkerFixtures {
  /** Plain SQL on the e2e database. */
  db: pg.Pool;
  /**
   * A Prisma client on the e2e database, for calling the engine and domain
   * code directly, with the job signals' receivers connected as the web server
   * connects them at start (startJobs, from instrumentation.ts): what a test
   * requests gets its notifications and delivery jobs through the real receivers.
   */
  prisma: PrismaClient;
}

/** Every fixture this file adds, for helpers that take some of them. */
export type E2EFixtures = Fixtures & WorkerFixtures;

/** A unique, readable email for one test's data. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}@e2e.test`;
}

/** A documentation-range address (RFC 5737), one per test. */
export function testClientAddress(): string {
  const b = randomBytes(2);
  return `198.18.${b[0]}.${b[1]}`;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  // Each test is its own client, as if behind the one proxy TRUST_PROXY=1
  // trusts: the per-client-address rate limits then count one test's
  // requests, not the whole suite's (which all come from 127.0.0.1).
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) => {
    await use({ ...extraHTTPHeaders, "x-forwarded-for": testClientAddress() });
  },
  db: [
    // Playwright requires the fixtures argument to be an object pattern, even an empty one.
    async ({}, use) => {
      const pool = new pg.Pool({ connectionString: E2E_DATABASE_URL, max: 2 });
      await use(pool);
      await pool.end();
    },
    { scope: "worker" },
  ],
  prisma: [
    async ({}, use) => {
      const prisma = createPrismaClient({ connectionString: E2E_DATABASE_URL, max: 2 });
      const disconnect = startJobs();
      await use(prisma);
      disconnect();
      await prisma.$disconnect();
    },
    { scope: "worker" },
  ],

  createUser: async ({ db }, use) => {
    await use(async ({ role = "user", name } = {}) => {
      const user: TestUser = {
        id: randomUUID(),
        email: uniqueEmail(role),
        name: name ?? `E2E ${role} ${randomBytes(2).toString("hex")}`,
        password: `pw-${randomBytes(8).toString("hex")}`,
        role,
      };
      await db.query("INSERT INTO users (id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5::role)", [
        user.id,
        user.email,
        user.name,
        await hashPassword(user.password),
        user.role,
      ]);
      return user;
    });
  },

  createJobFor: async ({ prisma }, use) => {
    await use(async (user, jobType, { expiresInSeconds } = {}) => {
      const inTheFuture = expiresInSeconds != null && expiresInSeconds > 0;
      const { job } = await jobRequested(prisma, {
        target: { type: "user", id: user.id },
        jobType: jobTypeKey(jobType),
        assignedTo: user.id,
        ...(inTheFuture ? { expiresAt: new Date(Date.now() + expiresInSeconds * 1000) } : {}),
        sender: "e2e.fixtures",
      });
      if (expiresInSeconds != null && !inTheFuture) {
        // The engine refuses an expiry in the past; time passing is what makes one.
        await prisma.$executeRaw`UPDATE ${jobsTable} SET expires_at = now() + ${expiresInSeconds} * interval '1 second' WHERE id = ${job.id}::uuid`;
      }
      return job.id;
    });
  },
});

/** The password `signUp` gives everyone it signs up. */
export const SIGN_UP_PASSWORD = "a long enough password";

/**
 * Signs up a brand-new person through the real form, then signs them in (sign-up
 * itself only says "check your inbox", the same for a taken address); they land
 * on their jobs. Returns their email.
 */
export async function signUp(page: Page, { name, emailPrefix }: { name: string; emailPrefix: string }): Promise<string> {
  const email = uniqueEmail(emailPrefix);
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(SIGN_UP_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("main").getByText("Check your inbox")).toBeVisible();
  await page.getByRole("link", { name: "Sign in", exact: true }).first().click();
  await expect(page).toHaveURL("/signin");
  await signIn(page, email, SIGN_UP_PASSWORD);
  await expect(page).toHaveURL("/todo");
  return email;
}

/** Signs in through the real form and waits until the app has moved on from the sign-in page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  if (!page.url().includes("/signin")) await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/signin");
}

/**
 * Opens a disclosure (a button with aria-expanded) and waits until it says it
 * is open. A click before the page has hydrated does nothing, as it would for
 * a person, so it clicks again rather than guess how long hydration takes; it
 * never clicks a disclosure that is already open (that would close it).
 */
export async function openDisclosure(button: Locator): Promise<void> {
  await expect(async () => {
    if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true", { timeout: 1_000 });
  }).toPass();
}

/** The header's Menu button, by either of its names (it says "Close menu" while open). */
export function siteMenuButton(page: Page): Locator {
  return page.getByRole("banner").getByRole("button", { name: /^(Menu|Close menu)$/ });
}

/**
 * Shows the signed-in person's account items (Settings, Email preferences,
 * Sign out): through the account menu where the header is unfolded, through
 * the Menu button where it is folded (a narrow screen, or a role with many links).
 */
export async function openAccountMenu(page: Page): Promise<void> {
  const menu = siteMenuButton(page);
  await openDisclosure((await menu.isVisible()) ? menu : page.getByRole("banner").getByRole("button", { name: "account menu" }));
}

/** Signs out through the header, as a person would, and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await openAccountMenu(page);
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/signin");
}
