import pg from "pg";

// The PostgreSQL server tests create their databases on. Any database on it
// will do as the admin connection; the role must be allowed to CREATE DATABASE.
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The same server, another database. */
export function databaseUrl(name: string, base = TEST_ADMIN_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `sql` on the admin connection (CREATE / DROP DATABASE…), with a connection of its own. */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
