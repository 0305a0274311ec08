import { init } from "./000001-init.js";
import { apiSource } from "./000002-api-source.js";
import { staffDepth } from "./000003-staff-depth.js";
import { escalationsByTime } from "./000004-escalations-by-time.js";
import type { Migration } from "./migration.js";

export type { Migration } from "./migration.js";

// Compiled into the package as strings: nothing is read from disk at run time,
// so bundlers (Next's among them) cannot lose a .sql file on the way.
// Append only; a released step is never edited.
export const migrations: readonly Migration[] = [init, apiSource, staffDepth, escalationsByTime];

/** The schema version this engine was written for. */
export const LATEST_VERSION = migrations[migrations.length - 1]!.version;
