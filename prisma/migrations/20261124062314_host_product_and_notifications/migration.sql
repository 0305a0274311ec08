-- CreateEnum
CREATE TYPE "document_status" AS ENUM ('pending_review', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "invite_status" AS ENUM ('sent', 'bounced', 'accepted');

-- CreateEnum
CREATE TYPE "notification_channel" AS ENUM ('email', 'in_app');

-- CreateEnum
CREATE TYPE "notification_status" AS ENUM ('queued', 'sent', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "company" TEXT,
ADD COLUMN     "email_reminders" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "job_title" TEXT;

-- CreateTable
CREATE TABLE "documents" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "content_type" VARCHAR(100) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "status" "document_status" NOT NULL DEFAULT 'pending_review',
    "rejection_reason" TEXT,
    "reviewed_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invites" (
    "id" UUID NOT NULL,
    "inviter_id" UUID NOT NULL,
    "email" VARCHAR(320) NOT NULL,
    "status" "invite_status" NOT NULL DEFAULT 'sent',
    "bounce" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "channel" "notification_channel" NOT NULL,
    "template_key" VARCHAR(100) NOT NULL,
    "rule" VARCHAR(100) NOT NULL,
    "status" "notification_status" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "read_at" TIMESTAMPTZ(3),
    "actioned_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "captured_emails" (
    "id" UUID NOT NULL,
    "notification_id" UUID,
    "to" VARCHAR(320) NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "captured_emails_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "documents_owner_id_created_at_idx" ON "documents"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "invites_inviter_id_created_at_idx" ON "invites"("inviter_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_inbox_idx" ON "notifications"("recipient_id", "channel", "created_at" DESC);

-- CreateIndex
CREATE INDEX "notifications_unread_idx" ON "notifications"("recipient_id") WHERE (channel = 'in_app' AND read_at IS NULL AND resolved_at IS NULL);

-- CreateIndex
CREATE INDEX "notifications_job_id_status_idx" ON "notifications"("job_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_once_per_rule" ON "notifications"("job_id", "recipient_id", "channel", "rule");

-- CreateIndex
CREATE INDEX "captured_emails_to_created_at_idx" ON "captured_emails"("to", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invites" ADD CONSTRAINT "invites_inviter_id_fkey" FOREIGN KEY ("inviter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "captured_emails" ADD CONSTRAINT "captured_emails_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE SET NULL ON UPDATE CASCADE;
