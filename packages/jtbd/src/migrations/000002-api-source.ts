import type { Migration } from "./migration.js";

// A host's service calling jobs over HTTP (the app's /api/v1) is its own kind
// of actor, not a person and not the system. Adding an enum value is safe in
// the migration's transaction as long as nothing in that transaction uses it
// (PostgreSQL 12+), and an older engine simply never writes it: not breaking.
export const apiSource: Migration = {
  version: 2,
  name: "api-source",
  statements: [`ALTER TYPE :JTBD_SCHEMA.job_source ADD VALUE IF NOT EXISTS 'api'`],
};
