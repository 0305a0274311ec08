import { z } from "zod";
import { AppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/validation/field-errors";
import type { JsonObject } from "./types";

// Input rules shared by every signal. Bad input becomes an `invalid_input`
// AppError before anything touches the database.

export const METADATA_MAX_BYTES = 16 * 1024;

export const JOB_SOURCES = ["user", "staff", "system", "auto", "api"] as const;
export const JOB_PRIORITIES = ["low", "normal", "high", "urgent"] as const;

export const targetSchema = z.object(
  {
    type: z.string({ error: "Target type is required." }).trim().min(1, "Target type is required.").max(100),
    id: z
      .union([z.string(), z.number().int().nonnegative()], { error: "Target id is required." })
      .transform(String)
      .pipe(z.string().trim().min(1, "Target id is required.").max(191)),
  },
  { error: "A target ({ type, id }) is required." },
);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A JSON object of at most 16 KB, stored exactly as JSON would carry it. */
export const metadataSchema = z
  .unknown()
  .optional()
  .transform((value, ctx): JsonObject => {
    if (value === undefined) return {};
    if (!isPlainObject(value)) {
      ctx.addIssue({ code: "custom", message: "Metadata must be a JSON object." });
      return z.NEVER;
    }
    let text: string;
    try {
      text = JSON.stringify(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Metadata must be plain JSON (no BigInt or circular values)." });
      return z.NEVER;
    }
    if (Buffer.byteLength(text, "utf8") > METADATA_MAX_BYTES) {
      ctx.addIssue({ code: "custom", message: `Metadata is larger than ${METADATA_MAX_BYTES / 1024} KB.` });
      return z.NEVER;
    }
    return JSON.parse(text) as JsonObject;
  });

export const uuidSchema = z.uuid({ error: "Must be an id (uuid)." });

export const jobSourceSchema = z.enum(JOB_SOURCES, { error: `Source must be one of ${JOB_SOURCES.join(", ")}.` });

/** Parses with `schema` or throws `invalid_input` naming every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const summary = result.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join(" ");
  throw new AppError("invalid_input", `Invalid ${what}. ${summary}`, { fieldErrors: fieldErrors(result.error) });
}
