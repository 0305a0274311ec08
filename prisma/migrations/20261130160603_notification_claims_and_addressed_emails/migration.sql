-- AlterEnum
ALTER TYPE "invite_status" ADD VALUE 'sending';

-- AlterEnum
ALTER TYPE "notification_status" ADD VALUE 'sending';

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "claimed_at" TIMESTAMPTZ(3),
ADD COLUMN     "to_address" VARCHAR(320);

-- CreateIndex
CREATE INDEX "notifications_claimed_idx" ON "notifications"("claimed_at") WHERE (claimed_at IS NOT NULL);
