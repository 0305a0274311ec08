import { describe, expect, test } from "vitest";
import { cohortPresets } from "./cohort-presets";
import { insightsHref, parseInsightsParams, type SearchParams } from "./insights-params";

const day = (s: string) => new Date(`${s}T00:00:00.000Z`);

describe("parseInsightsParams: the cohort", () => {
  test.each<{ label: string; search: SearchParams; cohort: object; range: object }>([
    { label: "no dates: everyone", search: {}, cohort: {}, range: {} },
    { label: "blank fields (an empty form) count as absent", search: { from: "", to: " " }, cohort: {}, range: {} },
    { label: "from only", search: { from: "2026-03-01" }, cohort: { from: day("2026-03-01") }, range: { from: "2026-03-01" } },
    { label: "to includes its whole day", search: { to: "2026-03-31" }, cohort: { to: day("2026-04-01") }, range: { to: "2026-03-31" } },
    {
      label: "one day",
      search: { from: "2026-03-01", to: "2026-03-01" },
      cohort: { from: day("2026-03-01"), to: day("2026-03-02") },
      range: { from: "2026-03-01", to: "2026-03-01" },
    },
    {
      label: "a repeated parameter: the first wins",
      search: { from: ["2026-03-01", "2026-04-01"] },
      cohort: { from: day("2026-03-01") },
      range: { from: "2026-03-01" },
    },
  ])("$label", ({ search, cohort, range }) => {
    const params = parseInsightsParams(search);
    expect(params.cohortErrors).toBeNull();
    expect(params.cohort).toEqual(cohort);
    expect(params.range).toEqual(range);
  });

  test.each<{ label: string; search: SearchParams; errors: Record<string, RegExp> }>([
    { label: "not a date", search: { from: "yesterday" }, errors: { from: /"yesterday" is not a date\. Use the form YYYY-MM-DD/ } },
    { label: "a day that does not exist", search: { to: "2026-02-30" }, errors: { to: /"2026-02-30" is not a date/ } },
    { label: "another format", search: { from: "01/03/2026" }, errors: { from: /not a date/ } },
    {
      label: "an end before the start",
      search: { from: "2026-03-10", to: "2026-03-01" },
      errors: { to: /end date is before the start date/ },
    },
    { label: "a very long value is cut in the message", search: { from: "x".repeat(500) }, errors: { from: /^"x{24}…" is not a date/ } },
  ])("refuses $label with a message, and no cohort", ({ search, errors }) => {
    const params = parseInsightsParams(search);
    expect(params.cohortErrors).toEqual(Object.fromEntries(Object.entries(errors).map(([k, re]) => [k, expect.stringMatching(re)])));
    expect(params.cohort).toEqual({});
    expect(params.range).toEqual({});
  });
});

describe("parseInsightsParams: the stalled list", () => {
  test.each<{ label: string; search: SearchParams; stalled: object | null; error: RegExp | null }>([
    { label: "nothing picked", search: {}, stalled: null, error: null },
    { label: "a step", search: { step: "onboarding.verify-email" }, stalled: { jobType: "onboarding.verify-email" }, error: null },
    {
      label: "a step and a bucket and a cursor",
      search: { step: "onboarding.read-guide", bucket: "gt7d", cursor: "abc" },
      stalled: { jobType: "onboarding.read-guide", bucket: "gt7d", cursor: "abc" },
      error: null,
    },
    {
      label: "a job type that is not an onboarding step",
      search: { step: "staff.review-document" },
      stalled: null,
      error: /is not an onboarding step/,
    },
    { label: "an unknown job type", search: { step: "<script>" }, stalled: null, error: /is not an onboarding step/ },
    {
      label: "an unknown bucket",
      search: { step: "onboarding.verify-email", bucket: "forever" },
      stalled: null,
      error: /"forever" is not an age bucket/,
    },
  ])("$label", ({ search, stalled, error }) => {
    const params = parseInsightsParams(search);
    expect(params.stalled).toEqual(stalled);
    if (error) expect(params.stalledError).toMatch(error);
    else expect(params.stalledError).toBeNull();
  });
});

test.each<{ label: string; args: Parameters<typeof insightsHref>; href: string }>([
  { label: "everything off", args: [{}], href: "/insights" },
  { label: "a cohort", args: [{ from: "2026-03-01", to: "2026-03-31" }], href: "/insights?from=2026-03-01&to=2026-03-31" },
  {
    label: "a bucket in a cohort",
    args: [{ from: "2026-03-01" }, { jobType: "onboarding.verify-email", bucket: "d1to3" }],
    href: "/insights?from=2026-03-01&step=onboarding.verify-email&bucket=d1to3",
  },
  {
    label: "the CSV of a step",
    args: [{}, { jobType: "onboarding.verify-email" }, "/insights/stalled.csv"],
    href: "/insights/stalled.csv?step=onboarding.verify-email",
  },
  {
    label: "organisations in a cohort",
    args: [{ from: "2026-03-01" }, null, "/insights", "organisation"],
    href: "/insights?unit=organisations&from=2026-03-01",
  },
])("insightsHref: $label", ({ args, href }) => {
  expect(insightsHref(...args)).toBe(href);
});

test("presets are day ranges ending today (UTC), and all time is no range", () => {
  expect(cohortPresets(new Date("2026-03-31T23:30:00Z"))).toEqual([
    { label: "Last 7 days", range: { from: "2026-03-25", to: "2026-03-31" } },
    { label: "Last 30 days", range: { from: "2026-03-02", to: "2026-03-31" } },
    { label: "Last 8 weeks", range: { from: "2026-02-04", to: "2026-03-31" } },
    { label: "All time", range: {} },
  ]);
});

test.each<{ label: string; search: SearchParams; unit: string; stalled: boolean }>([
  { label: "no unit: people", search: { step: "onboarding.verify-email" }, unit: "person", stalled: true },
  { label: "organisations", search: { unit: "organisations" }, unit: "organisation", stalled: false },
  { label: "an unknown unit: people", search: { unit: "teams" }, unit: "person", stalled: false },
  {
    label: "organisations ignore a step's list (people only)",
    search: { unit: "organisations", step: "onboarding.verify-email" },
    unit: "organisation",
    stalled: false,
  },
])("parseInsightsParams: the unit, $label", ({ search, unit, stalled }) => {
  const params = parseInsightsParams(search);
  expect(params.unit).toBe(unit);
  expect(params.stalled !== null).toBe(stalled);
  expect(params.stalledError).toBeNull();
});
