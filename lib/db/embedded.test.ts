import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded";

// The embedded server must behave like a PostgreSQL server to many clients at
// once: exchanges from different connections never interleave, and a
// transaction holds the backend until it ends.

let server: EmbeddedPostgres;
beforeAll(async () => {
  server = await startEmbeddedPostgres({ maxConnections: 40 });
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  await client.query("CREATE TABLE t (id serial PRIMARY KEY, a int NOT NULL, b text NOT NULL)");
  await client.end();
});
afterAll(async () => {
  await server?.stop();
});

describe("the embedded PostgreSQL server", () => {
  test("two pools mixing transactions and parameterised queries of different shapes get every answer right", async () => {
    const pools = [0, 1].map(() => new pg.Pool({ connectionString: server.url, max: 8 }));
    const failures: string[] = [];
    try {
      await Promise.all(
        Array.from({ length: 1200 }, async (_, i) => {
          const pool = pools[i % 2]!;
          try {
            if (i % 3 === 0) {
              const client = await pool.connect();
              try {
                await client.query("BEGIN");
                await client.query("INSERT INTO t (a, b) VALUES ($1, $2)", [i, `row ${i}`]);
                await client.query("COMMIT");
              } finally {
                client.release();
              }
            } else if (i % 3 === 1) {
              const { rows } = await pool.query<{ s: number }>("SELECT $1::int + $2::int + $3::int AS s", [i, 1, 2]);
              if (rows[0]?.s !== i + 3) failures.push(`wrong sum for ${i}`);
            } else {
              await pool.query("SELECT count(*) FROM t WHERE a > $1", [i]);
            }
          } catch (error) {
            failures.push((error as Error).message);
          }
        }),
      );
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    expect(failures).toEqual([]);
    const check = new pg.Client({ connectionString: server.url });
    await check.connect();
    const { rows } = await check.query<{ n: number }>("SELECT count(*)::int AS n FROM t");
    await check.end();
    expect(rows[0]?.n).toBe(400);
  });

  test("a connection dropped inside a transaction is rolled back and the others go on", async () => {
    const quitter = new pg.Client({ connectionString: server.url });
    const other = new pg.Client({ connectionString: server.url });
    await Promise.all([quitter.connect(), other.connect()]);
    const quitterGone = new Promise((resolve) => quitter.once("error", resolve));
    await quitter.query("BEGIN");
    await quitter.query("INSERT INTO t (a, b) VALUES (-1, 'never committed')");
    // Waits behind the open transaction, then runs once the quitter is gone.
    const waiting = other.query<{ n: number }>("SELECT count(*)::int AS n FROM t WHERE a = -1");
    quitter.connection.stream.destroy();
    await quitterGone;
    const { rows } = await waiting;
    await other.end();
    expect(rows[0]?.n).toBe(0);
  });
});
