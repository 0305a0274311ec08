import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { createApiKey, revokeApiKey } from "@/lib/api/api-keys";
import { createPrismaClient } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/resolve-url";
import { isAppError } from "@/lib/errors";
import { createApiKeySchema } from "@/lib/validation/api-keys";

// `npm run api-key -- create --name billing --scopes jobs:read,jobs:write [--expires 2030-01-31]`
// `npm run api-key -- list` · `npm run api-key -- revoke <id>`
// For scripts and for a fresh machine without a browser. Uses DATABASE_URL, or
// the embedded demo database (the running demo's, or its data folder), like
// `npm run db:seed`.

const USAGE = `Usage:
  npm run api-key -- create --name NAME --scopes jobs:read,jobs:write[,webhooks:manage] [--expires YYYY-MM-DD]
  npm run api-key -- list
  npm run api-key -- revoke KEY_ID`;

export async function runApiKeyCommand(argv: string[], connectionString: string, out: (line: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: "string" }, scopes: { type: "string" }, expires: { type: "string" } },
  });
  const prisma = createPrismaClient({ connectionString, max: 1 });
  try {
    switch (positionals[0]) {
      case "create": {
        const parsed = createApiKeySchema.safeParse({
          name: values.name ?? "",
          scopes: (values.scopes ?? "")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
          expiresAt: values.expires,
        });
        if (!parsed.success) {
          out(`Cannot create the key: ${[...new Set(parsed.error.issues.map((i) => i.message))].join(" ")}\n${USAGE}`);
          return 2;
        }
        const key = await createApiKey(prisma, {
          name: parsed.data.name,
          scopes: parsed.data.scopes,
          expiresAt: parsed.data.expiresAt ?? null,
        });
        // The key alone on stdout's first line, so `KEY=$(npm run -s api-key -- create …| head -1)` works.
        out(key.key);
        out(
          `Created API key "${key.name}" (${key.prefix}…, id ${key.id}) with scopes ${key.scopes.join(", ")}. It is shown only this once.`,
        );
        return 0;
      }
      case "list": {
        const keys = await prisma.apiKey.findMany({ orderBy: { createdAt: "desc" } });
        if (keys.length === 0) out("No API keys.");
        for (const k of keys) {
          const state = k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt <= new Date() ? "expired" : "active";
          out(`${k.id}  ${k.prefix}…  ${state}  ${k.scopes.join(",")}  ${k.name}`);
        }
        return 0;
      }
      case "revoke": {
        const id = z.uuid().safeParse(positionals[1]);
        if (!id.success) {
          out(`Give the id of the key to revoke (see \`npm run api-key -- list\`).\n${USAGE}`);
          return 2;
        }
        const { revoked } = await revokeApiKey(prisma, id.data);
        out(revoked ? "Revoked." : "It was already revoked.");
        return 0;
      }
      default:
        out(USAGE);
        return 2;
    }
  } catch (error) {
    if (isAppError(error)) {
      out(error.userMessage);
      return 1;
    }
    throw error;
  } finally {
    await prisma.$disconnect();
  }
}

async function main() {
  const database = await resolveDatabaseUrl();
  try {
    process.exitCode = await runApiKeyCommand(process.argv.slice(2), database.url, (line) => console.log(line));
  } finally {
    await database.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
