import "server-only";
import { revokeApiKey as markRevoked } from "@/lib/api/api-keys";
import { revokeApiKeySchema } from "@/lib/validation/api-keys";
import { command } from "../command";

/** An admin revokes a key: the next request with it is refused. */
export const revokeApiKey = command({ name: "revokeApiKey", input: revokeApiKeySchema, roles: ["admin"] }, async ({ input, db }) => {
  return markRevoked(db, input.keyId);
});
