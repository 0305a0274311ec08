-- AlterTable
ALTER TABLE "users" ADD COLUMN     "session_version" INTEGER NOT NULL DEFAULT 0;

-- The sign-in throttle becomes one of several rate limits. Renamed, not
-- dropped and created, so addresses locked right now stay locked: each row is
-- kept, keyed as the sign-in limit per email address (lib/accounts/rate-limit.ts).
ALTER TABLE "sign_in_throttle" RENAME TO "rate_limits";
ALTER TABLE "rate_limits" RENAME CONSTRAINT "sign_in_throttle_pkey" TO "rate_limits_pkey";
ALTER TABLE "rate_limits" RENAME COLUMN "email" TO "key";
ALTER TABLE "rate_limits" RENAME COLUMN "failures" TO "hits";
ALTER TABLE "rate_limits" RENAME COLUMN "locked_until" TO "blocked_until";
UPDATE "rate_limits" SET "key" = 'sign-in:email:' || "key";
