import pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { insertPopulation } from "@/lib/demo/insert-population";
import { generatePopulation, type JobRow, type Population, prng } from "@/lib/demo/population";
import { type DatasetShape, type Marker, prepareBenchDatabase, readMarker, redactUrl, sameShape, setDirty, writeMarker } from "./database";
import { JOBS_TABLE, JOB_EVENTS_TABLE } from "@/lib/jobs/jobs-schema";

// The bench dataset: people who signed up over half a year and moved through
// onboarding at different rates (lib/demo's generator), plus a year of staff
// triage history topped up to the requested number of jobs, with a real
// backlog in the document-review queue so a "deep page" 10,000 rows in exists.
// Written in bulk (unnest multi-row INSERTs), never through the engine: the
// point is to measure the engine, not to wait for it.

/** Bump when the generator changes, so an old dataset is rebuilt instead of reused. */
export const DATASET_VERSION = 3;
const SEED = 20261124;
const SIGNUP_DAYS = 180;
const STAFF_HISTORY_DAYS = 365;
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Every bench-made job (requests, supplies to complete, sweep sets) carries this metadata key, so leftovers can be found. */
export const BENCH_METADATA_KEY = "bench";

export function datasetShape(users: number, jobs: number): DatasetShape {
  return { version: DATASET_VERSION, users, jobs, seed: SEED, days: SIGNUP_DAYS };
}

export interface DatasetInfo {
  url: string;
  shape: DatasetShape;
  counts: NonNullable<Marker["counts"]>;
  builtAt: string;
  reused: boolean;
  buildSeconds: number | null;
  /** Rows a crashed earlier run left behind, deleted before this one. */
  leftoversDeleted: number;
}

/** The dataset of `shape` in the database at `url`: reused when the marker matches, else (re)built. */
export async function ensureDataset(url: string, shape: DatasetShape, log: (line: string) => void): Promise<DatasetInfo> {
  const prepared = await prepareBenchDatabase(url);
  if (prepared.created) log(`created database ${redactUrl(url)}`);
  if (prepared.migrationsApplied.length) log(`applied migrations: ${prepared.migrationsApplied.join(", ")}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const marker = prepared.marker;
    if (marker && sameShape(marker.shape, shape) && marker.counts) {
      let leftoversDeleted = 0;
      if (marker.dirty) {
        log("an earlier run did not finish: deleting the rows it made");
        leftoversDeleted = await deleteBenchRows(client);
        await setDirty(client, false);
      }
      log(`reusing the dataset built ${marker.builtAt.toISOString()} (${marker.counts.users} users, ${marker.counts.jobs} jobs)`);
      return {
        url,
        shape,
        counts: marker.counts,
        builtAt: marker.builtAt.toISOString(),
        reused: true,
        buildSeconds: null,
        leftoversDeleted,
      };
    }
    log(marker ? "the dataset's shape differs: rebuilding it" : "no dataset yet: building it");
    const started = performance.now();
    const counts = await buildDataset(client, url, shape, log);
    await writeMarker(client, shape, counts);
    const built = await readMarker(client);
    const buildSeconds = (performance.now() - started) / 1000;
    log(
      `dataset built in ${buildSeconds.toFixed(1)} s: ${counts.users} users, ${counts.jobs} jobs, ${counts.events} events, ${counts.notifications ?? 0} notifications`,
    );
    return { url, shape, counts, builtAt: (built?.builtAt ?? new Date()).toISOString(), reused: false, buildSeconds, leftoversDeleted: 0 };
  } finally {
    await client.end();
  }
}

/** Deletes every bench-made job (their events go with them: ON DELETE CASCADE). A scan, so only for crash recovery. */
export async function deleteBenchRows(client: pg.ClientBase): Promise<number> {
  const { rowCount } = await client.query(`DELETE FROM ${JOBS_TABLE} WHERE metadata ? $1`, [BENCH_METADATA_KEY]);
  return rowCount ?? 0;
}

async function buildDataset(
  client: pg.ClientBase,
  url: string,
  shape: DatasetShape,
  log: (line: string) => void,
): Promise<NonNullable<Marker["counts"]>> {
  const now = new Date();
  await client.query(
    `TRUNCATE users, organisations, ${JOBS_TABLE}, ${JOB_EVENTS_TABLE}, documents, invites, notifications, captured_emails RESTART IDENTITY CASCADE`,
  );

  const staffCount = Math.max(2, Math.round(shape.users / 4000));
  const staff = Array.from({ length: staffCount }, (_, i) => ({
    id: uuidv7({ msecs: now.getTime() - 400 * DAY + i }),
    email: `staff${i}@bench.test`,
    name: `Staff ${i}`,
  }));
  // And one product manager, so the HTTP section can open /insights as the people who read it do.
  const product = { id: uuidv7({ msecs: now.getTime() - 400 * DAY + staffCount }), email: "product0@bench.test", name: "Product 0" };
  await client.query(
    `INSERT INTO users (id, email, name, role, created_at, updated_at, email_verified)
     SELECT id, email, name, role::role, now() - interval '400 days', now() - interval '400 days', now() - interval '400 days'
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, email, name, role)`,
    [
      [...staff.map((s) => s.id), product.id],
      [...staff.map((s) => s.email), product.email],
      [...staff.map((s) => s.name), product.name],
      [...staff.map(() => "staff"), "product"],
    ],
  );

  const population = generatePopulation({
    people: shape.users - staffCount - 1,
    days: shape.days,
    now,
    randomSeed: shape.seed,
    staffIds: staff.map((s) => s.id),
    emailPrefix: "bench",
  });
  const extra = staffHistory(
    population,
    Math.max(0, shape.jobs - population.jobs.length),
    staff.map((s) => s.id),
    now,
    shape.seed + 1,
  );
  log(
    `generated ${population.users.length} people with ${population.jobs.length} onboarding and staff jobs, plus ${extra.length} jobs of staff history`,
  );

  await insertPopulation(client, { ...population, jobs: [], notifications: [] });
  // Two writers at a time: PostgreSQL spends most of a bulk insert maintaining indexes, on one core per connection.
  const jobs = [...population.jobs, ...extra];
  await inTwo(
    url,
    "jobs",
    jobs,
    (part) => ({ users: [], organisations: [], memberships: [], documents: [], invites: [], notifications: [], jobs: part }),
    log,
  );
  // Notifications point at jobs: after every job is in.
  await inTwo(
    url,
    "notifications",
    population.notifications,
    (part) => ({ users: [], organisations: [], memberships: [], documents: [], invites: [], jobs: [], notifications: part }),
    log,
  );
  log("VACUUM ANALYZE (visibility map and planner statistics)");
  await client.query(`VACUUM ANALYZE users, ${JOBS_TABLE}, ${JOB_EVENTS_TABLE}, documents, invites, notifications`);
  const { rows } = await client.query<{ users: number; jobs: number; events: number; notifications: number }>(
    `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM ${JOBS_TABLE})::int AS jobs,
            (SELECT count(*) FROM ${JOB_EVENTS_TABLE})::int AS events, (SELECT count(*) FROM notifications)::int AS notifications`,
  );
  return rows[0]!;
}

/** Writes `rows` as two halves on two connections at once, logging progress every 100,000. */
async function inTwo<T>(
  url: string,
  what: string,
  rows: T[],
  population: (part: T[]) => Population,
  log: (line: string) => void,
): Promise<void> {
  const half = Math.ceil(rows.length / 2);
  let written = 0;
  let shown = 0;
  await Promise.all(
    [rows.slice(0, half), rows.slice(half)].map(async (part) => {
      const writer = new pg.Client({ connectionString: url });
      await writer.connect();
      try {
        let before = 0;
        await insertPopulation(writer, population(part), (done) => {
          written += done - before;
          before = done;
          if (written - shown >= 100_000 || written === rows.length) {
            shown = written;
            log(`  ${what} written: ${written} / ${rows.length}`);
          }
        });
      } finally {
        await writer.end();
      }
    }),
  );
}

/**
 * A year of staff triage history: mostly resolved within days, some dismissed,
 * and a share stuck pending (the backlog that makes deep queue pages real).
 * Pending jobs never share a target with another pending job of their type
 * (the partial unique index would refuse them).
 */
export function staffHistory(population: Population, count: number, staffIds: string[], now: Date, seed: number): JobRow[] {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const pendingKeys = new Set(population.jobs.filter((j) => j.status === "pending").map((j) => `${j.jobType}|${j.targetId}`));
  const userIds = population.users.map((u) => u.id);
  const out: JobRow[] = [];
  const types = [
    { key: "staff.review-document", share: 0.6, targetType: "document", meanDays: 1.5, dueHours: 48 },
    { key: "staff.rejected-upload", share: 0.25, targetType: "user", meanDays: 3, dueHours: 72 },
    { key: "staff.bounced-invites", share: 0.15, targetType: "user", meanDays: 2, dueHours: 72 },
  ] as const;

  for (let n = 0; n < count; n++) {
    const r = rand();
    const type = r < types[0].share ? types[0] : r < types[0].share + types[1].share ? types[1] : types[2];
    const createdAt = now.getTime() - Math.pow(rand(), 1.2) * STAFF_HISTORY_DAYS * DAY;
    // Exponential time to resolve; 5% are stuck until someone looks.
    const stuck = rand() < 0.05;
    const resolvedAt = createdAt - Math.log(1 - rand()) * type.meanDays * DAY;
    let pending = stuck || resolvedAt >= now.getTime();
    let targetId = type.targetType === "user" && userIds.length ? pick(userIds) : uuidv7({ msecs: createdAt });
    if (pending && pendingKeys.has(`${type.key}|${targetId}`)) {
      // This person already has one pending: this one is a fresh target instead.
      targetId = uuidv7({ msecs: createdAt });
    }
    if (pending) pendingKeys.add(`${type.key}|${targetId}`);
    const cancelled = !pending && rand() < 0.04;
    const staffId = staffIds.length ? pick(staffIds) : null;
    if (!staffId) pending = true;
    out.push({
      id: uuidv7({ msecs: createdAt }),
      jobType: type.key,
      status: pending ? "pending" : cancelled ? "cancelled" : "completed",
      targetType: type.targetType,
      targetId,
      assignedToId: pending ? (rand() < 0.35 ? staffId : null) : staffId,
      priority: rand() < 0.1 ? "high" : rand() < 0.02 ? "urgent" : "normal",
      createdAt: new Date(createdAt),
      updatedAt: new Date(pending ? createdAt : resolvedAt),
      completedAt: pending ? null : new Date(resolvedAt),
      expiresAt: null,
      dueAt: new Date(createdAt + type.dueHours * HOUR),
      metadata:
        type.key === "staff.review-document"
          ? { fileName: "passport.pdf", contentType: "application/pdf", sizeBytes: 48_213 }
          : type.key === "staff.rejected-upload"
            ? {
                error: { name: "AppError", code: "invalid_input", message: "Files of type image/heic are not accepted." },
                context: { fileName: "scan.heic" },
              }
            : { error: { name: "Error", message: "550 5.1.1 mailbox unavailable" }, context: { email: `colleague${n}@nowhere.invalid` } },
      completedById: pending ? null : staffId,
      completionSource: pending ? null : "staff",
      resolutionNote: pending ? null : cancelled ? "Duplicate" : "Resolved",
    });
  }
  return out;
}
