-- CreateTable
CREATE TABLE "job_notes" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "author_id" UUID,
    "body" VARCHAR(5000) NOT NULL,
    "visible_to_subject" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "edited_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "job_notes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "job_notes_job_id_created_at_idx" ON "job_notes"("job_id", "created_at");

-- CreateIndex
CREATE INDEX "job_notes_visible_idx" ON "job_notes"("job_id") WHERE (visible_to_subject AND deleted_at IS NULL);

-- AddForeignKey
ALTER TABLE "job_notes" ADD CONSTRAINT "job_notes_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jtbd"."jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_notes" ADD CONSTRAINT "job_notes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
