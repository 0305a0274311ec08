import type PgBoss from "pg-boss";
import { z } from "zod";
import { type Db, inTransaction, Prisma } from "@/lib/db/client";
import { jobsTable, jobTypes } from "@/lib/jobs";
import { parseInput } from "@/lib/jobs/validation";
import type { JobTypeDefinition, NotificationRule } from "@/lib/jobs/registry";
import { createNotifications } from "./create-notifications";
import { ruleKey } from "./rule-key";

const optionsSchema = z.object({
  /** Remind as if it were this time (tests); the database's now() otherwise. */
  now: z.date().optional(),
  /** Jobs per transaction. */
  batchSize: z.number().int().min(1).max(5000).default(500),
  types: z.custom<readonly JobTypeDefinition[]>((v) => Array.isArray(v)).optional(),
});

export type RunReminderScanOptions = z.input<typeof optionsSchema>;

export interface ReminderScanResult {
  /** Jobs looked at: pending, old enough, not yet reminded by the rule. */
  jobs: number;
  /** Notifications created (in-app and email). */
  created: number;
}

/**
 * The reminder scan: for each reminder rule, finds the jobs of its type still
 * pending `afterHours` after they were requested that the rule has not
 * notified yet (a snoozed job once it wakes), and creates and enqueues
 * their notifications, a batch per transaction. The unique index makes each rule remind at most once per job and
 * person, so two scans at once, or one run twice, remind once.
 *
 * Jobs are walked in (created_at, id) order: a job whose recipients all opted
 * out gets no row, and is looked at again by the next scan, not again and
 * again by this one.
 */
export async function runReminderScan(
  db: Db,
  boss: PgBoss | undefined,
  rawOptions: RunReminderScanOptions = {},
): Promise<ReminderScanResult> {
  const { now, batchSize, types } = parseInput(optionsSchema, rawOptions, "reminder scan options");
  const result: ReminderScanResult = { jobs: 0, created: 0 };
  for (const def of types ?? jobTypes.all) {
    for (const rule of def.notifications ?? []) {
      if (rule.on !== "reminder") continue;
      let after: { createdAt: Date; id: string } | null = null;
      for (;;) {
        const batch = await inTransaction(db, async (tx) => {
          const jobs = await dueJobs(tx, def.key, rule, { now, after, limit: batchSize });
          const created = await createNotifications(
            tx,
            jobs.map((j) => j.id),
            rule,
            boss,
          );
          return { jobs, created: created.length };
        });
        result.jobs += batch.jobs.length;
        result.created += batch.created;
        const last = batch.jobs.at(-1);
        if (!last || batch.jobs.length < batchSize) break;
        after = last;
      }
    }
  }
  return result;
}

async function dueJobs(
  db: Db,
  jobType: string,
  rule: Extract<NotificationRule, { on: "reminder" }>,
  { now, after, limit }: { now?: Date; after: { createdAt: Date; id: string } | null; limit: number },
): Promise<{ id: string; createdAt: Date }[]> {
  const at = now ? Prisma.sql`${now}::timestamptz` : Prisma.sql`now()`;
  return db.$queryRaw`
    SELECT j.id, j.created_at AS "createdAt" FROM ${jobsTable} j
    WHERE j.job_type = ${jobType} AND j.status = 'pending'
      AND (j.expires_at IS NULL OR j.expires_at > ${at})
      AND j.created_at <= ${at} - ${rule.afterHours} * interval '1 hour'
      -- "Not now": a snoozed job is reminded once it wakes, not while it sleeps.
      AND (j.snoozed_until IS NULL OR j.snoozed_until <= ${at})
      AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.job_id = j.id AND n.rule = ${ruleKey(rule)})
      ${after ? Prisma.sql`AND (j.created_at, j.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
    ORDER BY j.created_at, j.id
    LIMIT ${limit}`;
}
