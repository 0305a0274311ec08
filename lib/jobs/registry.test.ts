import { describe, expect, test } from "vitest";
import { effectiveStatus } from "./job-sql";
import { jobTypes } from "./job-types";
import { defineJobTypes, jobHref, type JobTypeDefinition } from "./registry";
import { Signal } from "@jtbd/engine";
import { log } from "@/lib/log";
import { metadataSchema } from "./validation";

const base: JobTypeDefinition = { key: "a.b", title: "T", description: "D", audience: "user", completion: "manual", targetType: "user" };

describe("defineJobTypes", () => {
  test.each([
    ["a key without an area", [{ ...base, key: "nodot" }], /must look like/],
    ["a key with capitals", [{ ...base, key: "Area.Thing" }], /must look like/],
    ["the same key twice", [base, { ...base }], /declared twice/],
    [
      "the same onboarding step twice",
      [
        { ...base, onboardingStep: 1 },
        { ...base, key: "a.c", onboardingStep: 1 },
      ],
      /step 1 is declared twice/,
    ],
  ])("refuses %s", (_label, defs, message) => {
    expect(() => defineJobTypes(defs)).toThrow(message);
  });

  test("looks types up, refuses unknown keys with a typed error, and lists steps in order", () => {
    const registry = defineJobTypes([
      { ...base, key: "x.second", onboardingStep: 2 },
      { ...base, key: "x.first", onboardingStep: 1 },
      { ...base, key: "x.staff", audience: "staff" },
    ]);
    expect(registry.get("x.first")?.onboardingStep).toBe(1);
    expect(registry.get("x.nope")).toBeUndefined();
    expect(() => registry.require("x.nope")).toThrow(expect.objectContaining({ code: "unknown_job_type" }));
    expect(registry.onboardingSteps().map((d) => d.key)).toEqual(["x.first", "x.second"]);
    expect(registry.byAudience("staff").map((d) => d.key)).toEqual(["x.staff"]);
  });

  test("the product's registry has five onboarding steps, numbered 1 to 5", () => {
    expect(jobTypes.onboardingSteps().map((d) => d.onboardingStep)).toEqual([1, 2, 3, 4, 5]);
    expect(jobTypes.byAudience("staff").length).toBeGreaterThanOrEqual(3);
  });

  test("jobHref fills in the target id, escaped", () => {
    expect(jobHref({ href: "/staff/documents/{targetId}" }, { targetId: "a b/c" })).toBe("/staff/documents/a%20b%2Fc");
    expect(jobHref({}, { targetId: "1" })).toBeNull();
  });
});

describe("effectiveStatus", () => {
  const now = new Date("2026-01-10T12:00:00Z");
  test.each([
    ["pending, no expiry", "pending", null, "pending"],
    ["pending, expiry ahead", "pending", "2026-01-11T00:00:00Z", "pending"],
    ["pending, expiry passed", "pending", "2026-01-10T11:59:59Z", "expired"],
    ["pending, expiring this instant", "pending", "2026-01-10T12:00:00Z", "expired"],
    ["completed, expiry passed", "completed", "2026-01-01T00:00:00Z", "completed"],
    ["cancelled", "cancelled", null, "cancelled"],
  ] as const)("%s reads as %s", (_label, status, expiresAt, expected) => {
    expect(effectiveStatus({ status, expiresAt: expiresAt ? new Date(expiresAt) : null }, now)).toBe(expected);
  });
});

describe("metadataSchema", () => {
  test.each([
    ["undefined becomes {}", undefined, true],
    ["a plain object", { a: [1, { b: null }] }, true],
    ["exactly 16 KB", { k: "x".repeat(16 * 1024 - 8) }, true],
    ["one byte over 16 KB", { k: "x".repeat(16 * 1024 - 7) }, false],
    ["multi-byte characters counted as bytes", { k: "é".repeat(8200) }, false],
    ["an array", [], false],
    ["null", null, false],
    ["a number", 3, false],
    ["a Date", new Date(), false],
    ["a BigInt inside", { n: 1n }, false],
  ])("%s", (_label, value, ok) => {
    expect(metadataSchema.safeParse(value).success).toBe(ok);
  });
});

describe("Signal", () => {
  test("runs receivers in order, keeps going after one throws, and reports the failure", async () => {
    const signal = new Signal<number>("test.signal", log);
    const seen: string[] = [];
    signal.connect((n) => void seen.push(`a${n}`));
    const boom = () => {
      throw new Error("boom");
    };
    signal.connect(boom);
    signal.connect(async (n) => void seen.push(`c${n}`));
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (line: unknown) => void errors.push(line);
    try {
      const failures = await signal.sendRobust(7);
      expect(failures.map((f) => f.receiver)).toEqual([boom]);
    } finally {
      console.error = original;
    }
    expect(seen).toEqual(["a7", "c7"]);
    expect(String(errors[0])).toContain('"signal":"test.signal"');
  });
});
