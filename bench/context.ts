import type pg from "pg";
import type { PrismaClient } from "@/lib/db/client";
import type { Fixtures } from "./fixtures";

// What every operation gets: its own module so operations.ts and receivers.ts
// can both use it without importing each other.

/** pg-boss installed and the bench's webhook endpoint, for the operations with receivers. */
export interface ReceiverSetup {
  endpointId: string;
}

export interface BenchContext {
  prisma: PrismaClient;
  /** The baseline's pool: the same size as the engine's. */
  pool: pg.Pool;
  /** Setup and cleanup (never timed), on connections of their own. */
  admin: pg.Pool;
  fixtures: Fixtures;
  runId: string;
  opsScale: number;
  sweepJobs: number;
  /** Ids of every job this run made; deleted at the end. */
  made: string[];
  /** pg-boss installed and the bench's webhook endpoint (operations with receivers). */
  receivers?: Promise<ReceiverSetup>;
}
