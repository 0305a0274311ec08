import { JobsError } from "./jobs-error.js";
import { JOB_PRIORITIES, JOB_SOURCES, type JobPriority, type JobSource, type JsonObject } from "./types.js";

// Input checks shared by every signal: bad input becomes one `invalid_input`
// JobsError naming every problem, before anything touches the database.
// Hand-written rather than a schema library so the package has no
// dependencies a host's own (zod 3 or 4, valibot…) could clash with.

export const METADATA_MAX_BYTES = 16 * 1024;
/** Host ids (assignee, actor, target) are opaque text up to this length. */
export const ID_MAX_LENGTH = 191;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InputCheck {
  private readonly problems: Record<string, string[]> = {};

  constructor(private readonly what: string) {}

  problem(field: string, message: string): void {
    (this.problems[field] ??= []).push(message);
  }

  /** Throws `invalid_input` when any problem was found. */
  done(): void {
    const fields = Object.keys(this.problems);
    if (fields.length === 0) return;
    const summary = fields.map((f) => `${f}: ${this.problems[f]!.join(" ")}`).join(" ");
    throw new JobsError("invalid_input", `Invalid ${this.what}. ${summary}`, { fieldErrors: this.problems });
  }

  target(value: unknown): { type: string; id: string } {
    if (typeof value !== "object" || value === null) {
      this.problem("target", "A target ({ type, id }) is required.");
      return { type: "", id: "" };
    }
    const { type, id } = value as { type?: unknown; id?: unknown };
    const t = typeof type === "string" ? type.trim() : "";
    if (!t) this.problem("target.type", "Target type is required.");
    else if (t.length > 100) this.problem("target.type", "Target type is longer than 100 characters.");
    const text = typeof id === "number" && Number.isSafeInteger(id) && id >= 0 ? String(id) : typeof id === "string" ? id.trim() : "";
    if (!text) this.problem("target.id", "Target id is required.");
    else if (text.length > ID_MAX_LENGTH) this.problem("target.id", `Target id is longer than ${ID_MAX_LENGTH} characters.`);
    return { type: t, id: text };
  }

  /** A host's id of a person or thing: non-empty text, or null when allowed. */
  hostId(field: string, value: unknown): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== "string" || value.trim() === "" || value.length > ID_MAX_LENGTH) {
      this.problem(field, `Must be an id (text of 1 to ${ID_MAX_LENGTH} characters) or null.`);
      return null;
    }
    return value;
  }

  uuid(field: string, value: unknown): string {
    if (typeof value !== "string" || !UUID.test(value)) {
      this.problem(field, "Must be a job id (uuid).");
      return "";
    }
    return value.toLowerCase();
  }

  jobType(value: unknown): string {
    if (typeof value !== "string" || value === "") {
      this.problem("jobType", "A job type is required.");
      return "";
    }
    return value;
  }

  source(value: unknown, fallback?: JobSource): JobSource {
    if (value === undefined && fallback) return fallback;
    if (typeof value === "string" && (JOB_SOURCES as readonly string[]).includes(value)) return value as JobSource;
    this.problem("source", `Source must be one of ${JOB_SOURCES.join(", ")}.`);
    return "system";
  }

  priority(value: unknown): JobPriority {
    if (value === undefined) return "normal";
    if (typeof value === "string" && (JOB_PRIORITIES as readonly string[]).includes(value)) return value as JobPriority;
    this.problem("priority", `Priority must be one of ${JOB_PRIORITIES.join(", ")}.`);
    return "normal";
  }

  /** A date, null, or undefined (take the default). */
  date(field: string, value: unknown): Date | null | undefined {
    if (value === undefined || value === null) return value;
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      this.problem(field, `${field} must be a date.`);
      return undefined;
    }
    return value;
  }

  text(field: string, value: unknown, max: number): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") {
      this.problem(field, `${field} must be text.`);
      return null;
    }
    const trimmed = value.trim();
    if (trimmed.length > max) this.problem(field, `${field} is longer than ${max} characters.`);
    return trimmed || null;
  }

  boolean(field: string, value: unknown): boolean {
    if (value === undefined) return false;
    if (typeof value !== "boolean") this.problem(field, `${field} must be true or false.`);
    return value === true;
  }

  integer(field: string, value: unknown, min: number, max: number): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.problem(field, `${field} must be a whole number from ${min} to ${max}.`);
      return min;
    }
    return value;
  }

  /** A JSON object of at most 16 KB, returned as JSON would carry it. */
  metadata(field: string, value: unknown): JsonObject {
    if (value === undefined) return {};
    if (!isPlainObject(value)) {
      this.problem(field, "Metadata must be a JSON object.");
      return {};
    }
    let text: string;
    try {
      text = JSON.stringify(value);
    } catch {
      this.problem(field, "Metadata must be plain JSON (no BigInt or circular values).");
      return {};
    }
    if (Buffer.byteLength(text, "utf8") > METADATA_MAX_BYTES) {
      this.problem(field, `Metadata is larger than ${METADATA_MAX_BYTES / 1024} KB.`);
      return {};
    }
    return JSON.parse(text) as JsonObject;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
