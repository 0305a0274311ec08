import { JobsError } from "@jtbd/engine";
import { describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { toAppError } from "./app-jobs";

describe("toAppError", () => {
  test("maps the engine's error to the app's, code, message and field errors kept", () => {
    const mapped = toAppError(new JobsError("invalid_input", "Invalid job request.", { fieldErrors: { jobType: ["Required."] } }));
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: "invalid_input", userMessage: "Invalid job request.", fieldErrors: { jobType: ["Required."] } });
  });

  test("maps a JobsError from another copy of the package (Next bundles instrumentation apart from the actions)", () => {
    // Seen in the browser tests: the shared engine's "has expired" reached the todo list as a 500.
    class OtherCopyJobsError extends Error {
      override readonly name = "JobsError";
      constructor(
        readonly code: string,
        message: string,
      ) {
        super(message);
      }
    }
    const mapped = toAppError(new OtherCopyJobsError("job_expired", '"Read the guide" has expired, so it can no longer be completed.'));
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: "job_expired", userMessage: expect.stringContaining("has expired") });
  });

  test("a schema the engine cannot run on is the server's fault, not the caller's", () => {
    expect(toAppError(new JobsError("schema_not_migrated", "Run migrate()."))).toMatchObject({ code: "internal" });
  });

  test("anything else passes through unchanged", () => {
    const error = new Error("connection lost");
    expect(toAppError(error)).toBe(error);
  });
});
