-- Organisations (issue 14). Written by hand around the generated statements:
-- the data steps give every existing person their own organisation, as its
-- owner, so an upgraded database has nobody outside an organisation, and give
-- every existing invitation the expiry it now needs.

-- CreateEnum
CREATE TYPE "organisation_role" AS ENUM ('owner', 'admin', 'member');

-- AlterTable: existing invitations last 14 days from when they were sent, like new ones.
ALTER TABLE "invites" ADD COLUMN     "accepted_at" TIMESTAMPTZ(3),
ADD COLUMN     "accepted_by_id" UUID,
ADD COLUMN     "expires_at" TIMESTAMPTZ(3) NOT NULL DEFAULT (now() + '14 days'::interval);
UPDATE "invites" SET "expires_at" = "created_at" + interval '14 days';

-- CreateTable
CREATE TABLE "organisations" (
    "id" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "website" VARCHAR(200),
    "industry" VARCHAR(100),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "user_id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,
    "role" "organisation_role" NOT NULL DEFAULT 'member',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("user_id")
);

-- Data: one organisation per existing person, named the way sign-up names
-- new ones ("Ann's team"). It takes its founder's id (both are uuids, in
-- different tables), which pairs each person with their organisation without
-- a mapping table; organisations made later get ids of their own.
INSERT INTO "organisations" ("id", "name", "created_at", "updated_at")
SELECT u."id",
       left(COALESCE(NULLIF(btrim(u."name"), ''), split_part(u."email", '@', 1)), 100) || '''s team',
       u."created_at",
       CURRENT_TIMESTAMP
FROM "users" u;

INSERT INTO "memberships" ("user_id", "organisation_id", "role", "created_at")
SELECT u."id", u."id", 'owner', u."created_at" FROM "users" u;

-- CreateIndex
CREATE INDEX "memberships_organisation_id_role_idx" ON "memberships"("organisation_id", "role");

-- AddForeignKey
ALTER TABLE "invites" ADD CONSTRAINT "invites_accepted_by_id_fkey" FOREIGN KEY ("accepted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
