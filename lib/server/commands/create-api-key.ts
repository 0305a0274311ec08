import "server-only";
import { createApiKey as storeApiKey } from "@/lib/api/api-keys";
import { createApiKeySchema } from "@/lib/validation/api-keys";
import { command } from "../command";

/** An admin creates an API key; the answer carries the key, the only time it is readable. */
export const createApiKey = command({ name: "createApiKey", input: createApiKeySchema, roles: ["admin"] }, async ({ actor, input, db }) => {
  const created = await storeApiKey(db, {
    name: input.name,
    scopes: input.scopes,
    expiresAt: input.expiresAt ?? null,
    createdById: actor.id,
  });
  return { id: created.id, name: created.name, prefix: created.prefix, key: created.key };
});
