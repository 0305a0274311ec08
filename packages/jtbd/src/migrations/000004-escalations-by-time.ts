import type { Migration } from "./migration.js";

// Escalations by when they fired: "SLA breaches today" on a host's staff
// overview reads the day's rows through this index, not every escalation the
// table ever held (one row per job and rule, so it grows with the jobs). An
// added index changes nothing an older engine reads or writes: not breaking.
export const escalationsByTime: Migration = {
  version: 4,
  name: "escalations-by-time",
  statements: [`CREATE INDEX IF NOT EXISTS job_escalations_fired_at_idx ON :JTBD_SCHEMA.job_escalations (fired_at)`],
};
