-- PROPOSAL (not applied; measured on the bench database, see bench/README.md):
-- the onboarding funnel from a maintained per-sign-up-day summary of FINISHED
-- onboarding jobs, plus a live count of the pending ones.
--
-- Why it is exact: a finished job (completed, cancelled, expired) never
-- changes again, and every state change writes its job_events row in the same
-- statement. So the funnel is
--   summary of terminal events up to a watermark      (rolled up, tiny)
-- + terminal events after the watermark, read live    (an hour's worth at most)
-- + pending jobs, read live                           (index-only, with the index below)
-- and only the median time to complete becomes approximate (a histogram with
-- 10% wide buckets: the value reported is the middle of the median's bucket).
--
-- Run:   psql "$BENCH_DATABASE_URL" -v from="'2026-11-03'" -v to="'2026-11-10'" -f bench/proposals/funnel-summary.sql
-- (from/to NULL for all users). It creates bench_proposal_* tables and an
-- index, times the funnel, and drops everything again.

\timing off
\set ON_ERROR_STOP on
\if :{?from}
\else
  \set from NULL
\endif
\if :{?to}
\else
  \set to NULL
\endif

-- 1. Schema the proposal adds (a migration in the real change).
CREATE TABLE bench_proposal_funnel_days (
  signup_day date NOT NULL,
  job_type varchar(100) NOT NULL,
  completed int NOT NULL DEFAULT 0,
  expired int NOT NULL DEFAULT 0,
  dismissed int NOT NULL DEFAULT 0,
  PRIMARY KEY (signup_day, job_type)
);
-- Seconds to complete, in buckets b = floor(ln(seconds) / ln(1.1)).
CREATE TABLE bench_proposal_funnel_durations (
  signup_day date NOT NULL,
  job_type varchar(100) NOT NULL,
  bucket smallint NOT NULL,
  n int NOT NULL,
  PRIMARY KEY (signup_day, job_type, bucket)
);
CREATE TABLE bench_proposal_funnel_watermark (id int PRIMARY KEY CHECK (id = 1), last_event_id bigint NOT NULL);
INSERT INTO bench_proposal_funnel_watermark VALUES (1, 0);
-- Pending onboarding jobs, covered: the live part becomes an index-only scan.
CREATE INDEX bench_proposal_pending_user_jobs ON jobs (job_type, created_at) INCLUDE (target_id, expires_at)
  WHERE status = 'pending' AND target_type = 'user';
VACUUM ANALYZE jobs;

-- 2. The rollup (the worker runs it every minute; here it is also the backfill).
-- Events newer than an hour are left to the live part: a transaction that
-- started earlier and has not committed yet would otherwise be skipped for good.
\echo rollup (backfill of every finished onboarding job):
\timing on
WITH bounds AS (
  SELECT w.last_event_id AS lo, (SELECT coalesce(max(id), w.last_event_id) FROM job_events WHERE created_at < now() - interval '1 hour') AS hi
  FROM bench_proposal_funnel_watermark w
), ended AS (
  SELECT (u.created_at AT TIME ZONE 'UTC')::date AS signup_day, j.job_type, e.kind,
         floor(ln(greatest(extract(epoch FROM j.completed_at - j.created_at), 1)) / ln(1.1))::smallint AS bucket
  FROM bounds, job_events e
  JOIN jobs j ON j.id = e.job_id
  JOIN users u ON j.target_id = u.id::text
  WHERE e.id > bounds.lo AND e.id <= bounds.hi AND e.kind IN ('completed', 'cancelled', 'expired')
    AND j.target_type = 'user' AND j.job_type LIKE 'onboarding.%'
), days AS (
  INSERT INTO bench_proposal_funnel_days AS d (signup_day, job_type, completed, expired, dismissed)
  SELECT signup_day, job_type, count(*) FILTER (WHERE kind = 'completed'), count(*) FILTER (WHERE kind = 'expired'), count(*) FILTER (WHERE kind = 'cancelled')
  FROM ended GROUP BY 1, 2
  ON CONFLICT (signup_day, job_type) DO UPDATE SET completed = d.completed + EXCLUDED.completed, expired = d.expired + EXCLUDED.expired, dismissed = d.dismissed + EXCLUDED.dismissed
), durations AS (
  INSERT INTO bench_proposal_funnel_durations AS h (signup_day, job_type, bucket, n)
  SELECT signup_day, job_type, bucket, count(*) FROM ended WHERE kind = 'completed' GROUP BY 1, 2, 3
  ON CONFLICT (signup_day, job_type, bucket) DO UPDATE SET n = h.n + EXCLUDED.n
)
UPDATE bench_proposal_funnel_watermark SET last_event_id = bounds.hi FROM bounds;
\timing off
ANALYZE bench_proposal_funnel_days, bench_proposal_funnel_durations;

-- 3. The funnel read (what onboardingFunnel would send). Same numbers as the
-- live query for every count; the median from the histogram.
\echo funnel from the summary (5 runs):
-- All users: no join (product code never deletes a user, so every pending
-- onboarding job's person exists). A cohort: join the people who signed up in
-- it, and skip jobs requested before it began (a job about a person is never
-- older than the person), which trims the index range.
SELECT CASE WHEN :from::date IS NULL AND :to::date IS NULL
  THEN 'WHERE j.status = ''pending'' AND j.target_type = ''user'' AND j.job_type IN (SELECT job_type FROM steps)'
  ELSE 'JOIN users u ON j.target_id = u.id::text WHERE j.status = ''pending'' AND j.target_type = ''user'' AND j.job_type IN (SELECT job_type FROM steps)'
       || coalesce(' AND u.created_at >= ' || quote_literal(:from::date) || '::timestamptz AND j.created_at >= ' || quote_literal(:from::date) || '::timestamptz', '')
       || coalesce(' AND u.created_at < ' || quote_literal(:to::date) || '::timestamptz', '')
  END AS pending_cohort \gset
-- The watermark is read first and sent as a parameter: as a subquery the
-- planner cannot see how few events lie past it and scans them all.
SELECT last_event_id AS wm FROM bench_proposal_funnel_watermark \gset
\set funnel 'WITH steps(job_type) AS (VALUES (''onboarding.verify-email''), (''onboarding.complete-profile''), (''onboarding.upload-document''), (''onboarding.invite-teammate''), (''onboarding.read-guide'')), rolled AS (SELECT job_type, sum(completed) AS completed, sum(expired) AS expired, sum(dismissed) AS dismissed FROM bench_proposal_funnel_days WHERE (:from::date IS NULL OR signup_day >= :from::date) AND (:to::date IS NULL OR signup_day < :to::date) GROUP BY job_type), recent AS (SELECT j.job_type, e.kind, extract(epoch FROM j.completed_at - j.created_at) AS secs FROM job_events e JOIN jobs j ON j.id = e.job_id JOIN users u ON j.target_id = u.id::text WHERE e.id > :wm AND e.kind IN (''completed'', ''cancelled'', ''expired'') AND j.target_type = ''user'' AND j.job_type IN (SELECT job_type FROM steps) AND (:from::timestamptz IS NULL OR u.created_at >= :from::timestamptz) AND (:to::timestamptz IS NULL OR u.created_at < :to::timestamptz)), pending AS (SELECT j.job_type, count(*) FILTER (WHERE j.expires_at IS NULL OR j.expires_at > now()) AS pending, count(*) FILTER (WHERE j.expires_at <= now()) AS expired_unswept, count(*) FILTER (WHERE (j.expires_at IS NULL OR j.expires_at > now()) AND j.created_at > now() - interval ''1 day'') AS lt1d, count(*) FILTER (WHERE (j.expires_at IS NULL OR j.expires_at > now()) AND j.created_at <= now() - interval ''1 day'' AND j.created_at > now() - interval ''3 days'') AS d1to3, count(*) FILTER (WHERE (j.expires_at IS NULL OR j.expires_at > now()) AND j.created_at <= now() - interval ''3 days'' AND j.created_at > now() - interval ''7 days'') AS d3to7, count(*) FILTER (WHERE (j.expires_at IS NULL OR j.expires_at > now()) AND j.created_at <= now() - interval ''7 days'') AS gt7d FROM jobs j :pending_cohort GROUP BY j.job_type), hist AS (SELECT job_type, bucket, sum(n) AS n FROM (SELECT job_type, bucket, n FROM bench_proposal_funnel_durations WHERE (:from::date IS NULL OR signup_day >= :from::date) AND (:to::date IS NULL OR signup_day < :to::date) UNION ALL SELECT job_type, floor(ln(greatest(secs, 1)) / ln(1.1))::smallint, 1 FROM recent WHERE kind = ''completed'') x GROUP BY 1, 2), cumulative AS (SELECT job_type, bucket, sum(n) OVER (PARTITION BY job_type ORDER BY bucket) AS upto, sum(n) OVER (PARTITION BY job_type) AS total FROM hist), median AS (SELECT DISTINCT ON (job_type) job_type, round(power(1.1, bucket + 0.5)) AS median_seconds FROM cumulative WHERE upto >= total / 2.0 ORDER BY job_type, bucket) SELECT s.job_type, coalesce(r.completed, 0) + coalesce(rc.completed, 0) AS completed, coalesce(r.expired, 0) + coalesce(rc.expired, 0) + coalesce(p.expired_unswept, 0) AS expired, coalesce(r.dismissed, 0) + coalesce(rc.dismissed, 0) AS dismissed, coalesce(p.pending, 0) AS pending, p.lt1d, p.d1to3, p.d3to7, p.gt7d, m.median_seconds FROM steps s LEFT JOIN rolled r USING (job_type) LEFT JOIN (SELECT job_type, count(*) FILTER (WHERE kind = ''completed'') AS completed, count(*) FILTER (WHERE kind = ''expired'') AS expired, count(*) FILTER (WHERE kind = ''cancelled'') AS dismissed FROM recent GROUP BY job_type) rc USING (job_type) LEFT JOIN pending p USING (job_type) LEFT JOIN median m USING (job_type) ORDER BY s.job_type'
\timing on
:funnel;
:funnel;
:funnel;
:funnel;
:funnel;
\timing off

-- 4. The live query it replaces (onboardingFunnel today), for the same cohort.
\echo the live query today (3 runs):
\set live 'SELECT j.job_type, count(*) FILTER (WHERE j.status = ''completed'') AS completed, count(*) FILTER (WHERE j.status = ''expired'' OR (j.status = ''pending'' AND j.expires_at <= now())) AS expired, count(*) FILTER (WHERE j.status = ''cancelled'') AS dismissed, count(*) FILTER (WHERE j.status = ''pending'' AND (j.expires_at IS NULL OR j.expires_at > now())) AS pending, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM j.completed_at - j.created_at)) FILTER (WHERE j.status = ''completed'')) AS median_seconds FROM jobs j JOIN users u ON j.target_id = u.id::text WHERE j.target_type = ''user'' AND j.job_type LIKE ''onboarding.%'' AND (:from::timestamptz IS NULL OR u.created_at >= :from::timestamptz) AND (:to::timestamptz IS NULL OR u.created_at < :to::timestamptz) GROUP BY j.job_type ORDER BY j.job_type'
\timing on
:live;
:live;
:live;
\timing off

-- 5. Leave the bench database as it was.
DROP INDEX bench_proposal_pending_user_jobs;
DROP TABLE bench_proposal_funnel_days, bench_proposal_funnel_durations, bench_proposal_funnel_watermark;
