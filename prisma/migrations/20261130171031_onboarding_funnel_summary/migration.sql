-- CreateTable
CREATE TABLE "onboarding_funnel_days" (
    "signup_day" DATE NOT NULL,
    "job_type" VARCHAR(100) NOT NULL,
    "completed" INTEGER NOT NULL DEFAULT 0,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "dismissed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "onboarding_funnel_days_pkey" PRIMARY KEY ("signup_day","job_type")
);

-- CreateTable
CREATE TABLE "onboarding_funnel_durations" (
    "signup_day" DATE NOT NULL,
    "job_type" VARCHAR(100) NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "onboarding_funnel_durations_pkey" PRIMARY KEY ("signup_day","job_type","bucket")
);

-- CreateTable
CREATE TABLE "onboarding_funnel_watermark" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "last_event_id" BIGINT NOT NULL DEFAULT 0,
    "candidate_event_id" BIGINT,
    "candidate_xmax" BIGINT,
    "rolled_up_at" TIMESTAMPTZ(3),

    CONSTRAINT "onboarding_funnel_watermark_pkey" PRIMARY KEY ("id")
);

-- The single watermark row; the worker's first roll-ups backfill the history.
INSERT INTO "onboarding_funnel_watermark" ("id", "last_event_id") VALUES (1, 0) ON CONFLICT DO NOTHING;

-- The funnel's live part for a cohort: pending onboarding jobs, covered (index-only).
CREATE INDEX "jobs_pending_user_jobs_idx" ON "jtbd"."jobs"("job_type", "created_at") INCLUDE ("target_id", "expires_at") WHERE (status = 'pending' AND target_type = 'user');
