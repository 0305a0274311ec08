-- The funnel's summary now rolls up organisations' onboarding steps too
-- (jobs about an organisation, by the day it was made). Their events already
-- past the watermark were left out, so the summary starts again from nothing:
-- until the worker's next roll-ups have caught up (seconds), the funnel reads
-- every terminal event live past a watermark of 0, so it stays exact meanwhile.
DELETE FROM "onboarding_funnel_days";
DELETE FROM "onboarding_funnel_durations";
UPDATE "onboarding_funnel_watermark" SET "last_event_id" = 0, "candidate_event_id" = NULL, "candidate_xmax" = NULL;
