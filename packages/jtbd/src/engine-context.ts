import type { HoursClock } from "./business-hours.js";
import type { Database } from "./database.js";
import type { JobSql } from "./job-sql.js";
import type { Logger } from "./logger.js";
import type { JobTypeRegistry } from "./registry.js";
import type { JobSignals } from "./signals.js";

/** What each operation needs from its engine: passed in, never a module global. */
export interface EngineContext {
  readonly types: JobTypeRegistry;
  readonly sql: JobSql;
  readonly signals: JobSignals;
  readonly logger: Logger;
  /** How SLA hours are counted for a type that counts business hours; null when the engine has none. */
  readonly businessHours: HoursClock | null;
  /** Resolves once the schema is known to be usable (checked on the first call only). */
  ready(db: Database): Promise<void>;
}
