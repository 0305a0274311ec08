import type { Metadata } from "next";
import Link from "next/link";
import { CohortFilter } from "@/components/insights/cohort-filter";
import { CohortTrendChartLazy } from "@/components/insights/cohort-trend-chart-lazy";
import { CohortTrendTable } from "@/components/insights/cohort-trend-table";
import type { CohortTrendWeek } from "@/components/insights/cohort-trend-view";
import { FunnelChart } from "@/components/insights/funnel-chart";
import { FunnelLegend } from "@/components/insights/funnel-legend";
import { FunnelPatterns } from "@/components/insights/funnel-patterns";
import { FunnelTable } from "@/components/insights/funnel-table";
import type { FunnelSeries, FunnelStepView } from "@/components/insights/funnel-view";
import { NotificationStatsTable } from "@/components/insights/notification-stats-table";
import { StalledUsersPanel } from "@/components/insights/stalled-users-panel";
import { UnitSwitch } from "@/components/insights/unit-switch";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { notificationStats } from "@/lib/notifications/notification-stats";
import { db } from "@/lib/server/db";
import {
  AGE_BUCKETS,
  type Cohort,
  type Funnel,
  FUNNEL_UNITS,
  type FunnelUnit,
  onboardingFunnel,
  stalledUsers,
} from "@/lib/server/queries/onboarding-funnel";
import { type FunnelByWeek, onboardingFunnelByWeek } from "@/lib/server/queries/onboarding-funnel-by-week";
import { requireRole } from "@/lib/server/session";
import { cohortPresets } from "./_lib/cohort-presets";
import { formatDuration } from "./_lib/format-duration";
import { formatPercent } from "./_lib/format-percent";
import {
  type CohortRange,
  type InsightsParams,
  insightsHref,
  parseDay,
  parseInsightsParams,
  type SearchParams,
  type StalledSelection,
} from "./_lib/insights-params";

export const metadata: Metadata = { title: "Insights" };

const PAGE_SIZE = 50;
const day = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" });
const dayAndTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

const SERIES: FunnelSeries[] = [
  { key: "completed", label: "Completed", short: "Completed", group: "done" },
  ...AGE_BUCKETS.map((b): FunnelSeries => ({ key: b.key, label: `Waiting ${b.label.toLowerCase()}`, short: b.label, group: "waiting" })),
  { key: "expired", label: "Expired", short: "Expired", group: "dropped" },
  { key: "dismissed", label: "Dismissed", short: "Dismissed", group: "dropped" },
];

const UNIT_TEXT: Record<FunnelUnit, { option: string; who: string; joined: string; everyone: string; one: string; many: string }> = {
  person: { option: "People", who: "people", joined: "signed up", everyone: "everyone who has signed up", one: "person", many: "people" },
  organisation: {
    option: "Organisations",
    who: "organisations",
    joined: "were made",
    everyone: "every organisation",
    one: "organisation",
    many: "organisations",
  },
};

/** "people who signed up from 1 Mar 2026 to 31 Mar 2026", "organisations made since …" and the like. */
function cohortLabel(range: CohortRange, unit: FunnelUnit = "person"): string {
  const from = range.from ? parseDay(range.from) : null;
  const to = range.to ? parseDay(range.to) : null;
  const { who, joined, everyone } = UNIT_TEXT[unit];
  if (from && to) return `${who} who ${joined} from ${day.format(from)} to ${day.format(to)}`;
  if (from) return `${who} who ${joined} since ${day.format(from)}`;
  if (to) return `${who} who ${joined} until ${day.format(to)}`;
  return everyone;
}

const week = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" });

function trendWeeks(byWeek: FunnelByWeek): CohortTrendWeek[] {
  return byWeek.weeks.map((w) => {
    const monday = new Date(`${w.week}T00:00:00Z`);
    return {
      label: week.format(monday),
      longLabel: `Week of ${day.format(monday)}`,
      cohortSize: w.cohortSize,
      cells: w.steps.map((s) => ({
        percent: s.completionRate === null ? null : s.completionRate * 100,
        text: formatPercent(s.completionRate),
        counts: `${s.completed} of ${s.total}`,
      })),
    };
  });
}

/** A link into the stalled list, landing on it rather than at the top of the page. */
function stalledHref(range: CohortRange, selection: StalledSelection): string {
  return `${insightsHref(range, selection)}#stalled`;
}

function funnelSteps(funnel: Funnel, range: CohortRange): FunnelStepView[] {
  // The list of who is waiting is people's: an organisation's steps link nowhere.
  const lists = funnel.unit === "person";
  const approx = (seconds: number | null) => (seconds === null ? null : `${funnel.medianPrecision ? "≈ " : ""}${formatDuration(seconds)}`);
  return funnel.steps.map((step) => {
    const pendingTotal = AGE_BUCKETS.reduce((sum, b) => sum + step.pending[b.key], 0);
    return {
      jobType: step.jobType,
      step: step.step,
      title: step.title,
      total: step.total,
      values: { ...step.pending, completed: step.completed, expired: step.expired, dismissed: step.dismissed },
      pendingTotal,
      optional: step.optional,
      windowDays: step.windowDays,
      inProgress: step.inProgress,
      stalled: step.stalled,
      completionRate: formatPercent(step.completionRate),
      conversion: formatPercent(step.conversion),
      // Percentiles of rolled-up history come from a histogram: marked, with the bound under the table.
      median: approx(step.medianSecondsToComplete),
      p90: approx(step.p90SecondsToComplete),
      stepHref: lists && pendingTotal > 0 ? stalledHref(range, { jobType: step.jobType }) : null,
      bucketHrefs: Object.fromEntries(
        AGE_BUCKETS.map((b) => [
          b.key,
          lists && step.pending[b.key] > 0 ? stalledHref(range, { jobType: step.jobType, bucket: b.key }) : null,
        ]),
      ) as FunnelStepView["bucketHrefs"],
    };
  });
}

/** One page of the stalled list; a cursor that does not decode (an edited URL) is a message, not an error page. */
async function stalledPage(selection: StalledSelection, cohort: Cohort) {
  try {
    return { ...(await stalledUsers(db, selection, cohort, PAGE_SIZE)), error: null };
  } catch (error) {
    if (isAppError(error) && error.code === "invalid_input") return { rows: [], nextCursor: null, error: error.userMessage };
    throw error;
  }
}

export default async function InsightsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireRole(...AREA_ROLES.insights);
  const params = parseInsightsParams(await searchParams);
  const now = new Date();
  const unit = params.unit;
  const [funnel, byWeek, stalled, notifications] = await Promise.all([
    params.cohortErrors ? null : onboardingFunnel(db, params.cohort, { unit }),
    // The last 8 weeks, whatever the cohort: conversion over time.
    onboardingFunnelByWeek(db, { unit, weeks: 8 }),
    params.cohortErrors || !params.stalled ? null : stalledPage(params.stalled, params.cohort),
    notificationStats(db),
  ]);
  const steps = funnel ? funnelSteps(funnel, params.range) : [];
  const keep: Record<string, string> = {
    ...(unit === "organisation" ? { unit: "organisations" } : {}),
    ...(params.stalled ? { step: params.stalled.jobType, ...(params.stalled.bucket ? { bucket: params.stalled.bucket } : {}) } : {}),
  };
  const presets = cohortPresets(now).map((preset) => ({
    label: preset.label,
    href: insightsHref(
      preset.range,
      params.stalled && { jobType: params.stalled.jobType, bucket: params.stalled.bucket },
      "/insights",
      unit,
    ),
    current: !params.cohortErrors && preset.range.from === params.range.from && preset.range.to === params.range.to,
  }));
  const units = FUNNEL_UNITS.map((u) => ({
    label: UNIT_TEXT[u].option,
    href: insightsHref(params.range, null, "/insights", u),
    current: u === unit,
  }));
  const text = UNIT_TEXT[unit];
  const trendSteps = byWeek.steps.map((s) => ({ key: s.key, label: `${s.step}. ${s.title}` }));
  const weeks = trendWeeks(byWeek);

  return (
    <>
      <PageHeader title="Insights">Where people get stuck in onboarding, and which notifications get jobs done.</PageHeader>
      <FunnelPatterns />
      <div className="flex flex-col gap-6">
        <Card as="section" aria-labelledby="funnel-title" className="flex flex-col gap-5">
          <div>
            <h2 id="funnel-title" className="text-lg font-semibold text-slate-900">
              Onboarding funnel
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              Each step&apos;s jobs: done, in progress (within the step&apos;s window), stalled (past it), or dropped.
            </p>
          </div>
          <UnitSwitch options={units} />
          <CohortFilter presets={presets} from={params.typed.from} to={params.typed.to} errors={params.cohortErrors} keep={keep} />
          {params.cohortErrors || !funnel ? (
            <Alert tone="error" title="These dates cannot be used">
              <ul className="list-disc pl-5">
                {Object.values(params.cohortErrors ?? {}).map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            </Alert>
          ) : funnel.cohortSize === 0 ? (
            <EmptyState title={unit === "person" ? "Nobody signed up in this range" : "No organisation was made in this range"}>
              Pick a wider range, or{" "}
              <Link href={insightsHref({}, null, "/insights", unit)} className="font-medium text-indigo-700 underline">
                everyone
              </Link>
              .
            </EmptyState>
          ) : (
            <>
              <p className="text-slate-700">
                <span className="text-2xl font-semibold text-slate-900 tabular-nums">{funnel.cohortSize}</span>{" "}
                {funnel.cohortSize === 1 ? text.one : text.many} in the cohort: {cohortLabel(params.range, unit)}.
              </p>
              <figure className="flex flex-col gap-3">
                <figcaption className="text-sm text-slate-600">
                  {unit === "person"
                    ? "Onboarding jobs per step, in order. Click a waiting segment or a step's name to list those people; the table below has the same numbers."
                    : "Organisation onboarding jobs per step, in order; the table below has the same numbers."}
                </figcaption>
                <FunnelLegend series={SERIES} />
                <FunnelChart steps={steps} series={SERIES} />
              </figure>
              <FunnelTable
                steps={steps}
                series={SERIES}
                title={unit === "person" ? "Onboarding jobs per step" : "Organisation onboarding jobs per step"}
                cohortLabel={cohortLabel(params.range, unit)}
                selected={params.stalled}
              />
              <p className="mt-2 text-xs text-slate-600">
                A step&apos;s window is how long its job counts as in progress after it was asked for. Optional steps (ones that can be
                dismissed) are skipped when the next step&apos;s conversion is worked out. A step added later counts only those it was asked
                of.
                {funnel.medianPrecision
                  ? ` Counts are exact. Times marked ≈ are within ${Math.round(funnel.medianPrecision * 100)}% (read from a summary of finished jobs).`
                  : null}
              </p>
            </>
          )}
        </Card>

        <Card as="section" aria-labelledby="trend-title" className="flex flex-col gap-4">
          <div>
            <h2 id="trend-title" className="text-lg font-semibold text-slate-900">
              Conversion over time
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              Completed of each step&apos;s jobs, for the {text.who} who {text.joined} each week (Monday to Sunday, UTC), the last 8 weeks.
              Recent weeks have had less time.
            </p>
          </div>
          {/* Not a second figure: the table below is its text, and the funnel's chart stays the page's one figure. */}
          <div aria-hidden="true">
            <CohortTrendChartLazy steps={trendSteps} weeks={weeks} />
          </div>
          <CohortTrendTable steps={trendSteps} weeks={weeks} unitLabel={text.option} />
        </Card>

        {params.stalledError && (
          <Alert tone="error" title="We could not open that list">
            {params.stalledError}
          </Alert>
        )}
        {params.stalled && stalled && funnel && (
          <StalledSection params={params} selection={params.stalled} stalled={stalled} steps={steps} now={now} />
        )}

        <Card as="section" aria-labelledby="notifications-title" className="flex flex-col gap-4">
          <div>
            <h2 id="notifications-title" className="text-lg font-semibold text-slate-900">
              Notifications
            </h2>
            <p className="mt-1 text-sm text-slate-600">Which notifications lead to the job getting done.</p>
          </div>
          <NotificationStatsTable
            rows={notifications.map((row) => ({
              ...row,
              readRate: row.sent > 0 ? formatPercent(row.read / row.sent) : null,
              actionedRate: row.sent > 0 ? formatPercent(row.actioned / row.sent) : null,
            }))}
          />
        </Card>
      </div>
    </>
  );
}

interface StalledSectionProps {
  params: InsightsParams;
  selection: StalledSelection;
  stalled: Awaited<ReturnType<typeof stalledPage>>;
  steps: FunnelStepView[];
  now: Date;
}

function StalledSection({ params, selection, stalled, steps, now }: StalledSectionProps) {
  const step = steps.find((s) => s.jobType === selection.jobType);
  const bucket = SERIES.find((s) => s.key === selection.bucket);
  const total = step ? (selection.bucket ? step.values[selection.bucket] : step.pendingTotal) : stalled.rows.length;
  const base = { jobType: selection.jobType, ...(selection.bucket ? { bucket: selection.bucket } : {}) };
  return (
    <Card as="section" id="stalled" aria-labelledby="stalled-title" className="flex scroll-mt-4 flex-col gap-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="stalled-title" className="text-lg font-semibold text-slate-900">
            People {bucket ? bucket.label.toLowerCase() : "waiting"} at step {step?.step}: {step?.title}
          </h2>
          <p className="mt-1 text-sm text-slate-600">Longest waiting first, {cohortLabel(params.range)}.</p>
        </div>
        <Link
          href={insightsHref(params.range)}
          className="inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium text-indigo-700 underline underline-offset-2 hover:bg-slate-100"
        >
          Close the list
        </Link>
      </div>
      {stalled.error ? (
        <Alert tone="error">
          {stalled.error}{" "}
          <Link href={stalledHref(params.range, base)} className="font-medium underline">
            First page
          </Link>
        </Alert>
      ) : stalled.rows.length === 0 ? (
        <EmptyState title="Nobody is waiting here">
          Everyone in this group has finished the step, dropped it, or been given a different one.
        </EmptyState>
      ) : (
        <StalledUsersPanel
          total={total}
          rows={stalled.rows.map((row) => ({
            jobId: row.jobId,
            name: row.name,
            email: row.email,
            signedUp: { text: day.format(row.signedUpAt), iso: row.signedUpAt.toISOString() },
            waiting: { text: formatDuration((now.getTime() - row.pendingSince.getTime()) / 1000), iso: row.pendingSince.toISOString() },
            expires: row.expiresAt ? { text: dayAndTime.format(row.expiresAt), iso: row.expiresAt.toISOString() } : null,
          }))}
          nextHref={stalled.nextCursor ? stalledHref(params.range, { ...base, cursor: stalled.nextCursor }) : null}
          firstHref={selection.cursor ? stalledHref(params.range, base) : null}
          csvHref={insightsHref(params.range, base, "/insights/stalled.csv")}
        />
      )}
    </Card>
  );
}
