import { z } from "zod";

// The environment, validated once. Import `env` instead of reading process.env.
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** A real PostgreSQL. When unset, the embedded one (PGlite) is used. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /**
     * PostgreSQL itself, when DATABASE_URL points at a pooler (PgBouncer in
     * transaction mode): the live updates' one LISTEN connection per process
     * needs a session of its own. Unset: DATABASE_URL.
     */
    DATABASE_DIRECT_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** Where the embedded database keeps its files and listens. */
    EMBEDDED_DB_DIR: z.string().default(".data/pglite"),
    EMBEDDED_DB_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    /** Connections this process may open to the database. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).optional(),
    /** Measuring only (the bench): a file every statement the web server sends is appended to, as JSON lines. */
    STATEMENT_LOG: z.string().min(1).optional(),
    /** "bench": yes, log every statement with its parameters in production (only the bench does). */
    STATEMENT_LOG_I_UNDERSTAND: z.enum(["bench"], { error: 'STATEMENT_LOG_I_UNDERSTAND takes only "bench".' }).optional(),
    /**
     * Signs session cookies. Required by `next start` (checked at start-up by
     * instrumentation.ts); `next build` and `next dev` run without it.
     */
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters (openssl rand -base64 32).").optional(),
    /**
     * "on": serve the dev mailbox even in a production build (the browser tests
     * do); "off": hide it in development. Never served when SMTP_URL is set.
     */
    DEV_MAILBOX: z.enum(["on", "off"]).optional(),
    /** The address people open, used in links sent by email. */
    APP_URL: z.url().default("http://localhost:3000"),
    /**
     * How many proxies in front of the app append the client's address to
     * X-Forwarded-For; the entry that many from the right is the client address
     * the rate limits count (lib/auth/client-address.ts). 1: one proxy, or none.
     */
    TRUST_PROXY: z.coerce.number().int().min(1).max(10).default(1),
    /**
     * Where emails go, e.g. smtp://user:pass@mail.example.com:587 or
     * smtp://127.0.0.1:2525. Unset: emails are captured in the database and
     * shown on the dev mailbox page instead of being sent.
     */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /** The From of every email. */
    MAIL_FROM: z.string().min(3).default("jtbd <no-reply@jtbd.test>"),
    /**
     * Signs the links in emails (verify email, unsubscribe). Defaults to
     * AUTH_SECRET; set it to rotate one without the other.
     */
    NOTIFICATIONS_SECRET: z.string().min(32, "NOTIFICATIONS_SECRET must be at least 32 characters long.").optional(),
    /** How often an idle notification worker asks pg-boss for work. */
    WORKER_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
    /** When the worker runs the reminder scan and the expiry sweep (cron, UTC). */
    WORKER_SCAN_CRON: z.string().min(9).default("* * * * *"),
    /** Deliveries one worker process runs at a time. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(2),
    /** Requests each API key may send per minute to /api/v1 (then 429 with Retry-After). */
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
    /** "on": webhook endpoints may be on loopback, private or link-local addresses (tests, local development). */
    WEBHOOKS_ALLOW_PRIVATE: z.enum(["on", "off"]).default("off"),
  })
  .refine((e) => !(e.NODE_ENV === "production" && e.STATEMENT_LOG && !e.STATEMENT_LOG_I_UNDERSTAND), {
    // The log holds every parameter: password and API key hashes, tokens.
    path: ["STATEMENT_LOG"],
    message:
      "STATEMENT_LOG writes every statement's parameters (password hashes, tokens) to a file; refused in production unless STATEMENT_LOG_I_UNDERSTAND=bench is set too.",
  });

export type Env = z.infer<typeof schema>;

/** Validates an environment; `env` is process.env's, checked once at start-up. */
export function parseEnv(source: NodeJS.ProcessEnv | Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

export const env: Env = parseEnv(process.env);
