import { pathToFileURL } from "node:url";
import { hashPassword } from "@/lib/auth/password";
import { createPrismaClient, Prisma, type PrismaClient } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/resolve-url";
import { expireDueJobs, jobAssigned, jobCancelled, jobCompleted, jobRequested, jobTypes } from "@/lib/jobs";

// Demo data: one account per role, plus people who signed up over the past
// eight weeks and got stuck at different onboarding steps, and staff queues
// with work in them. Jobs are created and finished through the signals like in
// the product; only their timestamps are then moved into the past ("time
// travel", seed only), and the expiry sweep runs to expire what is overdue.

export const DEMO_PASSWORD = "jtbd-demo-password";

export const DEMO_ACCOUNTS = [
  { email: "user@jtbd.test", name: "Ada User", role: "user" },
  { email: "staff@jtbd.test", name: "Sam Staff", role: "staff" },
  { email: "product@jtbd.test", name: "Pat Product", role: "product" },
  { email: "admin@jtbd.test", name: "Alex Admin", role: "admin" },
] as const;

export interface SeedOptions {
  /** Sign-ups to invent besides the demo accounts. */
  people?: number;
  /** Same seed, same data. */
  randomSeed?: number;
  log?: (line: string) => void;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A small deterministic PRNG (mulberry32), so every demo looks the same. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chance of finishing each onboarding step, given the previous one was finished. */
const STEP_COMPLETION = [0.85, 0.75, 0.65, 0.5, 0.45];
const FIRST_NAMES = ["Mina", "Jonas", "Priya", "Tomás", "Ife", "Lena", "Kenji", "Sofia", "Omar", "Grace", "Noah", "Aisha", "Luca", "Mei", "Ravi", "Zoe"];
const LAST_NAMES = ["Okafor", "Schmidt", "Iyer", "García", "Adeyemi", "Novak", "Tanaka", "Rossi", "Haddad", "Kim", "Berg", "Mensah", "Costa", "Chen", "Patel", "Dubois"];

interface Backdate {
  jobId: string;
  createdAt: Date;
  finishedAt: Date | null;
  dueAt?: Date | null;
}

/** Returns false (and writes nothing) when the database already has users. */
export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<boolean> {
  const log = options.log ?? console.log;
  if ((await prisma.user.count()) > 0) {
    log("The database already has users: seed skipped.");
    return false;
  }
  const rand = random(options.randomSeed ?? 20261124);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const now = Date.now();
  const backdates: Backdate[] = [];

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const demo = Object.fromEntries(
    await Promise.all(DEMO_ACCOUNTS.map(async (a) => [a.role, await prisma.user.create({ data: { ...a, passwordHash } })] as const)),
  );
  const staffIds = [demo.staff!.id, demo.admin!.id];

  // The demo user signed up two days ago and has verified their email.
  const ada = demo.user!;
  for (const step of jobTypes.onboardingSteps()) {
    await jobRequested(prisma, { target: { type: "user", id: ada.id }, jobType: step.key, assignedTo: ada.id, idempotent: true, sender: "seed" });
  }
  await jobCompleted(prisma, { target: { type: "user", id: ada.id }, jobType: "onboarding.verify-email", source: "auto" });

  // People who signed up over the past eight weeks.
  const people = options.people ?? 120;
  const steps = jobTypes.onboardingSteps();
  for (let i = 0; i < people; i++) {
    const signedUpAt = new Date(now - Math.pow(rand(), 1.3) * 56 * DAY);
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const user = await prisma.user.create({
      data: { email: `${first}.${last}.${i}@example.test`.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""), name: `${first} ${last}`, createdAt: signedUpAt },
    });
    const target = { type: "user", id: user.id };
    let at = signedUpAt.getTime();
    let stillGoing = true;
    for (const [index, step] of steps.entries()) {
      const { job } = await jobRequested(prisma, { target, jobType: step.key, assignedTo: user.id, sender: "seed" });
      // Finished steps take from minutes to a few days each.
      const finishedAt = at + (0.05 + rand() * rand() * 4) * DAY;
      const finishes = stillGoing && rand() < STEP_COMPLETION[index]! && finishedAt < now;
      if (finishes) {
        at = finishedAt;
        if (step.dismissible && rand() < 0.2) await jobCancelled(prisma, { target, jobType: step.key, by: user.id, source: "user", note: "Not now" });
        else await jobCompleted(prisma, { target, jobType: step.key, by: step.completion === "manual" ? user.id : null, source: step.completion === "manual" ? "user" : "auto" });
      } else {
        stillGoing = false;
      }
      backdates.push({ jobId: job.id, createdAt: signedUpAt, finishedAt: finishes ? new Date(finishedAt) : null });
    }

    // Anyone past the upload step has a document for staff to review.
    const uploaded = await prisma.job.findFirst({ where: { targetId: user.id, jobType: "onboarding.upload-document", status: "completed" } });
    if (uploaded?.completedAt) {
      const uploadedAt = backdates.find((b) => b.jobId === uploaded.id)!.finishedAt!;
      const reviewed = now - uploadedAt.getTime() > 2 * DAY && rand() < 0.8;
      const doc = { type: "document", id: `doc-${i + 1}` };
      const { job } = await jobRequested(prisma, {
        target: doc,
        jobType: "staff.review-document",
        metadata: { userId: user.id, fileName: `${last.toLowerCase()}-id.pdf` },
        priority: rand() < 0.15 ? "high" : "normal",
        sender: "seed",
      });
      if (rand() < 0.3) await jobAssigned(prisma, { jobId: job.id, assignee: pick(staffIds), source: "staff" });
      if (reviewed) await jobCompleted(prisma, { target: doc, jobType: "staff.review-document", by: pick(staffIds), source: "staff", note: "Looks valid." });
      backdates.push({ jobId: job.id, createdAt: uploadedAt, finishedAt: reviewed ? new Date(uploadedAt.getTime() + rand() * 2 * DAY) : null, dueAt: new Date(uploadedAt.getTime() + 48 * HOUR) });
    }

    // Handled failures that became staff jobs instead of log lines.
    if (rand() < 0.12) {
      const when = new Date(signedUpAt.getTime() + rand() * (now - signedUpAt.getTime()));
      const { job } = await jobRequested(prisma, {
        target,
        jobType: "staff.rejected-upload",
        metadata: { fileName: "scan.heic", reason: "File type image/heic is not accepted", size: 5_800_000 },
        idempotent: true,
        sender: "seed",
      });
      backdates.push({ jobId: job.id, createdAt: when, finishedAt: null, dueAt: new Date(when.getTime() + 72 * HOUR) });
    }
    if (rand() < 0.08) {
      const when = new Date(signedUpAt.getTime() + rand() * (now - signedUpAt.getTime()));
      const { job } = await jobRequested(prisma, {
        target: { type: "invite", id: `invite-${i + 1}` },
        jobType: "staff.bounced-invite",
        metadata: { invitedBy: user.id, email: `colleague${i}@example.invalid`, bounce: "550 5.1.1 mailbox unavailable" },
        sender: "seed",
      });
      backdates.push({ jobId: job.id, createdAt: when, finishedAt: null, dueAt: new Date(when.getTime() + 72 * HOUR) });
    }
  }

  await travelBack(prisma, backdates);
  const { expired } = await expireDueJobs(prisma);
  const total = await prisma.job.count();
  log(`Seeded ${people + DEMO_ACCOUNTS.length} people and ${total} jobs (${expired} expired on the way).`);
  return true;
}

/** Moves jobs, their events and expiries into the past, keeping their durations. */
async function travelBack(prisma: PrismaClient, rows: Backdate[]) {
  if (!rows.length) return;
  const values = Prisma.join(
    rows.map((r) => Prisma.sql`(${r.jobId}::uuid, ${r.createdAt}::timestamptz, ${r.finishedAt}::timestamptz, ${r.dueAt ?? null}::timestamptz)`),
  );
  await prisma.$executeRaw`
    WITH v(id, created_at, finished_at, due_at) AS (VALUES ${values})
    UPDATE jobs j SET
      created_at = v.created_at,
      updated_at = COALESCE(v.finished_at, v.created_at),
      completed_at = CASE WHEN j.completed_at IS NULL THEN NULL ELSE v.finished_at END,
      expires_at = CASE WHEN j.expires_at IS NULL THEN NULL ELSE v.created_at + (j.expires_at - j.created_at) END,
      due_at = COALESCE(v.due_at, j.due_at)
    FROM v WHERE j.id = v.id`;
  await prisma.$executeRaw`
    UPDATE job_events e SET created_at = CASE WHEN e.kind = 'requested' THEN j.created_at ELSE COALESCE(j.completed_at, j.updated_at) END
    FROM jobs j WHERE e.job_id = j.id`;
}

async function main() {
  const database = await resolveDatabaseUrl();
  const prisma = createPrismaClient({ connectionString: database.url, max: 4 });
  try {
    await seed(prisma, { people: Number(process.env.SEED_PEOPLE ?? 120) });
  } finally {
    await prisma.$disconnect();
    await database.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
