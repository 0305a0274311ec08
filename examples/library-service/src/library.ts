import { createJobs, fromPg, isJobsError, type Jobs, type Logger } from "@jtbd/engine";
import type pg from "pg";
import { jobTypes } from "./job-types.js";

// The library's domain code. Its own tables (members' loans, returns, staff)
// sit beside the engine's schema; the engine's jobs point at them by opaque
// ids only. Every change that ends a job happens in one of the library's own
// transactions, so the job and the library's rows commit together or not at all.

export type LibraryJobs = Jobs<typeof jobTypes>;

export class LibraryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Library {
  jobs: LibraryJobs;
  /** Creates the engine's schema and the library's tables (both idempotent). */
  setup(): Promise<void>;
  /** Connects the library's receivers: called once, at start. */
  connectReceivers(): void;
  lendBook(input: { loanId: string; bookId: string; member: string }): Promise<{ jobId: string; created: boolean }>;
  returnBook(input: { loanId: string; inspectedBy: string }): Promise<{ jobId: string | null }>;
  todoOf(member: string): Promise<{ id: string; jobType: string; targetId: string }[]>;
}

async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

export function createLibrary(pool: pg.Pool, logger: Logger): Library {
  const jobs = createJobs({ types: jobTypes, db: fromPg(pool), logger });

  return {
    jobs,

    async setup() {
      await jobs.migrate();
      await pool.query(`
        CREATE TABLE IF NOT EXISTS library_staff (id TEXT PRIMARY KEY);
        INSERT INTO library_staff (id) VALUES ('desk-1') ON CONFLICT DO NOTHING;
        CREATE TABLE IF NOT EXISTS library_loans (
          id TEXT PRIMARY KEY, book_id TEXT NOT NULL, member TEXT NOT NULL, returned_at TIMESTAMPTZ);
        CREATE TABLE IF NOT EXISTS library_returns (
          loan_id TEXT PRIMARY KEY REFERENCES library_loans (id),
          inspected_by TEXT NOT NULL REFERENCES library_staff (id),
          at TIMESTAMPTZ NOT NULL DEFAULT now());`);
    },

    connectReceivers() {
      // A returned book goes back on its shelf: the receiver runs in the
      // return's transaction, so the shelving job exists exactly when the return does.
      jobs.signals.completed.connect(async function shelveReturnedBook({ job, db }) {
        if (job.jobType !== "loans.return-book") return;
        const [loan] = await db.query<{ book_id: string }>(`SELECT book_id FROM library_loans WHERE id = $1`, [job.targetId]);
        if (!loan) return;
        await jobs.jobRequested(
          { jobType: "catalog.shelve-book", target: { type: "book", id: loan.book_id }, idempotent: true, sender: "shelveReturnedBook" },
          { db },
        );
      });
    },

    async lendBook({ loanId, bookId, member }) {
      return inTransaction(pool, async (client) => {
        await client.query(`INSERT INTO library_loans (id, book_id, member) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [
          loanId,
          bookId,
          member,
        ]);
        const { job, created } = await jobs.jobRequested(
          { jobType: "loans.return-book", target: { type: "loan", id: loanId }, assignedTo: member, idempotent: true, sender: "lendBook" },
          { db: fromPg(client) },
        );
        return { jobId: job.id, created };
      });
    },

    async returnBook({ loanId, inspectedBy }) {
      try {
        return await inTransaction(pool, async (client) => {
          const loan = await client.query(`UPDATE library_loans SET returned_at = now() WHERE id = $1 AND returned_at IS NULL`, [loanId]);
          if (loan.rowCount === 0) throw new LibraryError(409, "That loan does not exist or was returned already.");
          const { job } = await jobs.jobCompleted(
            { jobType: "loans.return-book", target: { type: "loan", id: loanId }, by: inspectedBy, source: "staff" },
            { db: fromPg(client) },
          );
          // Last, so a refusal here shows the job's completion rolling back with it.
          await client.query(`INSERT INTO library_returns (loan_id, inspected_by) VALUES ($1, $2)`, [loanId, inspectedBy]);
          return { jobId: job?.id ?? null };
        });
      } catch (error) {
        if (isForeignKeyViolation(error, "library_returns_inspected_by_fkey"))
          throw new LibraryError(400, `"${inspectedBy}" is not a member of staff.`);
        if (isJobsError(error)) throw new LibraryError(error.code === "invalid_input" ? 400 : 409, error.message);
        throw error;
      }
    },

    async todoOf(member) {
      const { rows } = await pool.query<{ id: string; jobType: string; targetId: string }>(
        `SELECT id, job_type AS "jobType", target_id AS "targetId" FROM ${jobs.sql.jobs}
         WHERE assigned_to_id = $1 AND ${jobs.sql.pendingNow()} ORDER BY created_at`,
        [member],
      );
      return rows;
    },
  };
}

function isForeignKeyViolation(error: unknown, constraint: string): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { code?: unknown }).code === "23503" &&
    (error as { constraint?: unknown }).constraint === constraint
  );
}
