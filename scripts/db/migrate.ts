import { migrate } from "@/lib/db/migrate";
import { resolveDatabaseUrl } from "@/lib/db/resolve-url";

// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the
// embedded database when it is not set.
const { url, stop } = await resolveDatabaseUrl();
try {
  const { applied, alreadyApplied } = await migrate(url);
  console.log(applied.length ? `Applied ${applied.join(", ")}` : `Up to date (${alreadyApplied.length} migrations).`);
} finally {
  await stop();
}
