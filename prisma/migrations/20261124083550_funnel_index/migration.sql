-- CreateIndex
CREATE INDEX "jobs_user_jobs_funnel_idx" ON "jobs"("job_type", "status", "created_at", "expires_at", "completed_at") WHERE (target_type = 'user');
