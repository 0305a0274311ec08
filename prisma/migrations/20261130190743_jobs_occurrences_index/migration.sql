-- A staff queue sorted by occurrences (exceptions that recur most first, then
-- oldest) is keyset-paged on (-occurrences, created_at, id): one row
-- comparison, which this index answers as a range for the pending list, so a
-- later page costs what the first does. The pending list only: the other
-- statuses sorted this way are rare and fall back to jobs_queue_idx and a sort.
-- Checked with EXPLAIN on a few thousand pending jobs of one type: an index
-- scan with the cursor as its Index Cond, no sort (staff-queue.test.ts).
-- The app's own index on the engine's table, as the funnel's and the API's are.
CREATE INDEX "jobs_pending_occurrences_idx" ON "jtbd"."jobs"("job_type", (-"occurrences"), "created_at", "id") WHERE "status" = 'pending';
