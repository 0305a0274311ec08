import { z } from "zod";

// The environment, validated once. Import `env` instead of reading process.env.
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** A real PostgreSQL. When unset, the embedded one (PGlite) is used. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Where the embedded database keeps its files and listens. */
  EMBEDDED_DB_DIR: z.string().default(".data/pglite"),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Connections this process may open to the database. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
  /** The address people open, used in links sent by email. */
  APP_URL: z.url().default("http://localhost:3000"),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

export const env: Env = load();
