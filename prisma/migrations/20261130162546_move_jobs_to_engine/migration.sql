-- The jobs tables move into @jtbd/engine's schema "jtbd", which the engine's
-- migrate() created just before this migration (lib/db/migrate.ts runs it
-- first). Every row keeps its id, timestamps and metadata; people's ids
-- become text (the engine keeps no foreign key into users) and the enums are
-- the engine's own, hence the casts through text.

-- MoveRows
INSERT INTO "jtbd"."jobs" (
    "id", "job_type", "status", "target_type", "target_id", "assigned_to_id", "priority", "due_at",
    "created_at", "updated_at", "completed_at", "expires_at", "metadata", "completed_by_id", "completion_source", "resolution_note"
)
SELECT "id", "job_type", "status"::text::"jtbd"."job_status", "target_type", "target_id", "assigned_to_id"::text,
       "priority"::text::"jtbd"."job_priority", "due_at", "created_at", "updated_at", "completed_at", "expires_at", "metadata",
       "completed_by_id"::text, "completion_source"::text::"jtbd"."job_source", "resolution_note"
FROM "public"."jobs";

INSERT INTO "jtbd"."job_events" ("id", "job_id", "kind", "actor_id", "source", "data", "created_at")
SELECT "id", "job_id", "kind"::text::"jtbd"."job_event_kind", "actor_id"::text, "source"::text::"jtbd"."job_source", "data", "created_at"
FROM "public"."job_events";

-- New events continue after every id the old sequence handed out (deleted events included).
SELECT setval(
    pg_get_serial_sequence('"jtbd"."job_events"', 'id'),
    GREATEST(
        (SELECT COALESCE(max("id"), 0) FROM "jtbd"."job_events"),
        (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM "public"."job_events_id_seq")
    ) + 1,
    false
);

-- Notifications belong to a job: their foreign key follows the jobs (an app
-- table may point into the engine's; the engine never points into the app's).
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_job_id_fkey";
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jtbd"."jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- DropForeignKey
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_assigned_to_id_fkey";

-- DropForeignKey
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_completed_by_id_fkey";

-- DropForeignKey
ALTER TABLE "job_events" DROP CONSTRAINT "job_events_job_id_fkey";

-- DropForeignKey
ALTER TABLE "job_events" DROP CONSTRAINT "job_events_actor_id_fkey";

-- DropTable
DROP TABLE "jobs";

-- DropTable
DROP TABLE "job_events";

-- DropEnum
DROP TYPE "job_status";

-- DropEnum
DROP TYPE "job_source";

-- DropEnum
DROP TYPE "job_priority";

-- DropEnum
DROP TYPE "job_event_kind";

-- The onboarding funnel's index stays the app's, on the engine's table: an
-- index-only scan of the jobs about users, grouped by type in index order.
CREATE INDEX "jobs_user_jobs_funnel_idx" ON "jtbd"."jobs"("job_type", "status", "created_at", "expires_at", "completed_at") WHERE (target_type = 'user');
