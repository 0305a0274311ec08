import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import { appJobs, onEngine } from "@/lib/jobs/app-jobs";
import { jobsTable } from "@/lib/jobs/job-sql";

type Role = "user" | "staff" | "product" | "admin";

/** A user row for tests; the password hash is a placeholder nobody can sign in with. */
export async function createUser(prisma: PrismaClient, options: { role?: Role; email?: string; name?: string } = {}) {
  const suffix = randomBytes(4).toString("hex");
  return prisma.user.create({
    data: {
      email: options.email ?? `${options.role ?? "user"}-${suffix}@example.test`,
      name: options.name ?? `Test ${options.role ?? "user"} ${suffix}`,
      role: options.role ?? "user",
    },
  });
}

/** Moves a job's expiry into the past, as if time had passed (tests only: product code never writes jobs). */
export async function expireInThePast(prisma: PrismaClient, jobId: string, secondsAgo = 60) {
  await prisma.$executeRaw`UPDATE ${jobsTable} SET expires_at = now() - ${secondsAgo} * interval '1 second' WHERE id = ${jobId}::uuid`;
}

export async function countRows(prisma: PrismaClient) {
  const [jobs, events] = await Promise.all([prisma.job.count(), prisma.jobEvent.count()]);
  return { jobs, events };
}

export function uniqueId(prefix = "t"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}

/** The person a command sees for this user (what the session would give it). */
export function actorOf(user: { id: string; email: string; name: string | null; role: Role }) {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/**
 * A job of a retired type (lib/jobs refuses new ones), as one requested before
 * the type was retired: straight on the engine, which does not know what
 * retired means. Its receivers run as for any request.
 */
export async function requestRetiredJob(
  prisma: PrismaClient,
  input: { jobType: "staff.bounced-invite"; target: { type: string; id: string }; expiresAt?: Date },
) {
  const { job } = await onEngine(prisma, (on) => appJobs.jobRequested(input, { db: on }));
  return job;
}
