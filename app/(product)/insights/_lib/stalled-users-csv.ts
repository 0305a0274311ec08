import "server-only";
import type { Db } from "@/lib/db/client";
import { jobTypes } from "@/lib/jobs";
import { log } from "@/lib/log";
import { type Cohort, type StalledQuery, type StalledUser, stalledUsers } from "@/lib/server/queries/onboarding-funnel";
import { type DescribedPerson, describePeople } from "@/lib/server/target-describers";
import { csvRow } from "./csv-row";

export const STALLED_USERS_CSV_HEADER = [
  "User id",
  "Name",
  "Email",
  "Signed up (UTC)",
  "Step",
  "Waiting since (UTC)",
  "Waiting (days)",
  "Expires (UTC)",
  "Job id",
] as const;

export interface StalledUsersCsvOptions {
  /** Rows per query; each page continues from the last row's keyset cursor. */
  pageSize?: number;
  /** "Waiting (days)" is measured up to this moment. */
  now?: Date;
}

// Excel reads a CSV as the machine's legacy code page unless it starts with a
// byte-order mark; with it, names like "Zoë" survive the round trip.
const BOM = "\uFEFF";

function cells(row: StalledUser, person: DescribedPerson, stepTitle: string, now: Date) {
  const waitingDays = Math.round(((now.getTime() - row.pendingSince.getTime()) / 86_400_000) * 10) / 10;
  return [
    row.userId,
    person.name,
    person.email,
    row.signedUpAt,
    stepTitle,
    row.pendingSince,
    Math.max(0, waitingDays),
    row.expiresAt,
    row.jobId,
  ];
}

/**
 * Everyone stalled at a step (optionally in one age bucket) as a CSV stream:
 * one keyset-paged query per `pageSize` rows and one for their people's names
 * and emails (the user target describer's), pulled only as fast as the
 * client downloads, so a list of any length never sits in memory and never
 * pays for OFFSET. A query that fails mid-way is logged and errors the stream
 * (the download fails instead of ending short and looking complete).
 */
export function stalledUsersCsv(
  db: Db,
  query: Omit<StalledQuery, "cursor">,
  cohort: Cohort,
  options: StalledUsersCsvOptions = {},
): ReadableStream<Uint8Array> {
  const { pageSize = 500, now = new Date() } = options;
  const definition = jobTypes.require(query.jobType);
  const stepTitle = definition.onboardingStep === undefined ? definition.title : `${definition.onboardingStep}. ${definition.title}`;
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let headerSent = false;

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(BOM + csvRow(STALLED_USERS_CSV_HEADER)));
        return;
      }
      try {
        const page = await stalledUsers(db, { ...query, ...(cursor ? { cursor } : {}) }, cohort, pageSize);
        if (page.rows.length > 0) {
          // People in the words the rest of the app uses for them: the user
          // target describer's one statement for the whole page. Someone
          // deleted between the two statements keeps what the page read.
          const people = await describePeople(
            db,
            page.rows.map((row) => row.userId),
          );
          const lines = page.rows.map((row) => csvRow(cells(row, people.get(row.userId) ?? row, stepTitle, now)));
          controller.enqueue(encoder.encode(lines.join("")));
        }
        if (page.nextCursor) cursor = page.nextCursor;
        else controller.close();
      } catch (error) {
        log.error("stalled users CSV export failed mid-way", { jobType: query.jobType, bucket: query.bucket, error });
        controller.error(error);
      }
    },
  });
}
