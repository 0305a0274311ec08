"use server";

import { serverAction } from "@/lib/server/action";
import { createApiKey } from "@/lib/server/commands/create-api-key";
import { revokeApiKey } from "@/lib/server/commands/revoke-api-key";

// The commands check the admin role and validate; the actor is the session's.

const options = { revalidate: ["/admin/api-keys"] };

export const createApiKeyAction = serverAction(createApiKey, options);
export const revokeApiKeyAction = serverAction(revokeApiKey, options);
