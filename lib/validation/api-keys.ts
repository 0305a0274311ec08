import { z } from "zod";
import { API_SCOPES } from "@/lib/api/api-scopes";
import { text } from "./text";

// The admin page's and `npm run api-key`'s input for a new API key.

export const apiKeyNameSchema = text({ label: "The name", error: "Give the key a name." })
  .trim()
  .min(1, "Give the key a name, for example the service that will use it.")
  .max(100, "The name is longer than 100 characters.");

export const apiScopesSchema = z
  .array(z.enum(API_SCOPES, { error: `Scopes are ${API_SCOPES.join(", ")}.` }), { error: "Choose at least one scope." })
  .min(1, "Choose at least one scope.");

export const createApiKeySchema = z.object({
  name: apiKeyNameSchema,
  scopes: apiScopesSchema,
  /** Blank (an empty date field) means the key never expires. */
  expiresAt: z.preprocess(
    (value) => (value === "" || value === null ? undefined : value),
    z.coerce
      .date({ error: "Enter an expiry date like 2030-01-31, or leave it blank." })
      .refine((date) => date.getTime() > Date.now(), "The expiry must be in the future.")
      .optional(),
  ),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const revokeApiKeySchema = z.object({ keyId: z.uuid({ error: "That is not a valid key id." }) });
