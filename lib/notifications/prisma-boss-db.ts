import type PgBoss from "pg-boss";
import type { SqlDb } from "@/lib/db/client";

/**
 * Lets pg-boss run its SQL on a Prisma client or, the point of it, on an open
 * Prisma transaction: `boss.send(queue, data, { db: prismaBossDb(tx) })` writes
 * the pg-boss job in `tx`, so it commits or rolls back with the change that
 * caused it.
 */
export function prismaBossDb(db: SqlDb): PgBoss.Db {
  return {
    async executeSql(text, values) {
      // pg-boss passes positional values ($1…) exactly as `pg` would take them.
      const rows = await db.$queryRawUnsafe<unknown[]>(text, ...((values ?? []) as unknown[]));
      // pg-boss's declared row type is `any[]`; the rows are what PostgreSQL returned.
      return { rows: rows as Record<string, unknown>[] };
    },
  };
}
