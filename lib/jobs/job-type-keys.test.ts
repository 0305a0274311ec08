import { describe, expect, expectTypeOf, test } from "vitest";
import type { SqlDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  autoCompleteJob,
  jobCancelled,
  jobCompleted,
  jobRequested,
  jobTypeKey,
  reportException,
  type FinishJobInput,
  type JobRequestedInput,
  type JobTypeKey,
} from "./index";

// Keys written in code are checked by the compiler (`npm run typecheck` runs
// tsc over this file: an unused @ts-expect-error is itself an error, so each
// directive below fails the build the day a misspelt key compiles again).
// Keys that arrive as text go through jobTypeKey(), checked at run time.

// Never called: these only have to compile (or, marked, not compile).
function misspeltKeys(db: SqlDb) {
  const target = { type: "user", id: "u1" };
  return [
    // @ts-expect-error a misspelt key
    jobRequested(db, { target, jobType: "onboarding.verify-emial" }),
    // @ts-expect-error a misspelt key
    jobCompleted(db, { target, jobType: "onboarding.read-gide", source: "auto" }),
    // @ts-expect-error a misspelt key
    jobCancelled(db, { target, jobType: "onboarding.complete-profil", source: "user" }),
    // @ts-expect-error a misspelt key
    autoCompleteJob(db, { target, jobType: "onboarding.upload-documents" }),
    // @ts-expect-error a misspelt key
    reportException(db, { target, jobType: "staff.review-documnet", error: new Error("x"), sender: "test" }),
    // A key read as text compiles only through jobTypeKey().
    jobRequested(db, { target, jobType: jobTypeKey(String("onboarding.read-guide")) }),
  ];
}

describe("job type keys", () => {
  test("the wrappers take the registry's keys, not any string", () => {
    expectTypeOf<JobRequestedInput["jobType"]>().toEqualTypeOf<JobTypeKey>();
    expectTypeOf<FinishJobInput["jobType"]>().toEqualTypeOf<JobTypeKey>();
    expectTypeOf<string>().not.toExtend<JobTypeKey>();
    expectTypeOf(misspeltKeys).returns.toBeArray();
  });

  test("jobTypeKey() passes a registered key (a retired one too: its pending jobs still finish) and refuses an unknown one", () => {
    expect(jobTypeKey("onboarding.read-guide")).toBe("onboarding.read-guide");
    expect(jobTypeKey("staff.bounced-invite")).toBe("staff.bounced-invite");
    let refused: unknown;
    try {
      jobTypeKey("onboarding.verify-emial");
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "unknown_job_type", message: '"onboarding.verify-emial" is not a known job type.' });
  });
});
