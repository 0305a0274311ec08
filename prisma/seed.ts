import { pathToFileURL } from "node:url";
import pg from "pg";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { hashPassword } from "@/lib/auth/password";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/resolve-url";
import { insertPopulation } from "@/lib/demo/insert-population";
import { generatePopulation } from "@/lib/demo/population";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { startJobs } from "@/lib/jobs/start-jobs";
import { createInviteToken } from "@/lib/notifications/invite-token";
import { startOrganisation } from "@/lib/organisations/start-organisation";

// Demo data: one account per role, plus a few thousand people who signed up
// over the past eight weeks and stalled at different onboarding steps at
// different rates, with the documents, invitations and staff jobs that their
// steps produced, and the notifications their jobs sent. The demo accounts go
// through the product's own code (signals and all); the crowd is generated and
// written in bulk (lib/demo), because replaying eight weeks one signal at a
// time would make the first start slow.

export const DEMO_PASSWORD = "jtbd-demo-password";

export const DEMO_ACCOUNTS = [
  { email: "user@jtbd.test", name: "Ada User", role: "user" },
  { email: "staff@jtbd.test", name: "Sam Staff", role: "staff" },
  { email: "product@jtbd.test", name: "Pat Product", role: "product" },
  { email: "admin@jtbd.test", name: "Alex Admin", role: "admin" },
] as const;

/**
 * Ada's teammates, who joined her team by accepting her invitations (the
 * product's own acceptInvite): sign in as Ben, an admin of it, to see the
 * same "For your team" list as Ada. Same password as the demo accounts.
 */
export const DEMO_TEAMMATES = [
  { email: "ben@jtbd.test", name: "Ben Admin", teamRole: "admin" },
  { email: "cleo@jtbd.test", name: "Cleo Member", teamRole: "member" },
] as const;

export interface SeedOptions {
  /** People to invent besides the demo accounts. */
  people?: number;
  randomSeed?: number;
  log?: (line: string) => void;
}

/** Seeds an empty database; returns false (writing nothing) when it already has users. */
export async function seed(connectionString: string, options: SeedOptions = {}): Promise<boolean> {
  const log = options.log ?? console.log;
  const prisma = createPrismaClient({ connectionString, max: 2 });
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    if ((await prisma.user.count()) > 0) {
      log("The database already has users: seed skipped.");
      return false;
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const accounts = Object.fromEntries(
      await Promise.all(DEMO_ACCOUNTS.map(async (a) => [a.role, await prisma.user.create({ data: { ...a, passwordHash } })] as const)),
    );

    // Ada signed up like anyone does (so she gets her notifications, which the
    // worker delivers once it runs), and has verified her email since.
    startJobs();
    const ada = accounts.user!;
    await requestOnboardingJobs(prisma, ada.id);
    await verifyEmail(prisma, ada.id);
    await demoTeams(prisma, accounts, passwordHash);

    const population = generatePopulation({
      people: options.people ?? 3000,
      staffIds: [accounts.staff!.id, accounts.admin!.id],
      randomSeed: options.randomSeed,
    });
    let lastShown = 0;
    await client.query("BEGIN");
    await insertPopulation(client, population, (done, total) => {
      if (done - lastShown >= total / 4 || done === total) {
        lastShown = done;
        log(`  … ${Math.round((100 * done) / total)}%`);
      }
    });
    await client.query("COMMIT");
    const staffJobs = population.jobs.filter((j) => j.jobType.startsWith("staff.") && j.status === "pending").length;
    log(
      `Seeded ${population.users.length + DEMO_ACCOUNTS.length} people, ${population.jobs.length + 5} jobs (${staffJobs} pending staff jobs).`,
    );
    return true;
  } finally {
    await client.end();
    await prisma.$disconnect();
  }
}

type DemoAccount = { id: string; name: string | null; email: string };

/**
 * Ada's team (Ada the owner, Ben an admin, Cleo a member: each signed up with
 * their own team, then accepted Ada's invitation), and the staff's own team,
 * which the admin owns.
 */
async function demoTeams(prisma: PrismaClient, accounts: Partial<Record<string, DemoAccount>>, passwordHash: string): Promise<void> {
  const ada = accounts.user!;
  await startOrganisation(prisma, ada);
  for (const mate of DEMO_TEAMMATES) {
    const user = await prisma.user.create({ data: { email: mate.email, name: mate.name, role: "user", passwordHash } });
    await requestOnboardingJobs(prisma, user.id);
    await startOrganisation(prisma, user);
    const invite = await prisma.invite.create({ data: { inviterId: ada.id, email: mate.email, status: "sent" } });
    await acceptInvite(prisma, user, createInviteToken(invite.id));
    if (mate.teamRole === "admin") await prisma.membership.update({ where: { userId: user.id }, data: { role: "admin" } });
  }
  const admin = accounts.admin!;
  const hq = await startOrganisation(prisma, admin);
  await prisma.organisation.update({ where: { id: hq.id }, data: { name: "jtbd HQ" } });
  for (const role of ["staff", "product"] as const) {
    await prisma.membership.create({ data: { userId: accounts[role]!.id, organisationId: hq.id, role: "admin" } });
  }
}

async function main() {
  const database = await resolveDatabaseUrl();
  try {
    await seed(database.url, { people: process.env.SEED_PEOPLE ? Number(process.env.SEED_PEOPLE) : undefined });
  } finally {
    await database.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
