#!/usr/bin/env node
import { parseArgs } from "node:util";
import { schemaSql } from "../migrate.js";

// Prints the engine's schema as SQL for hosts whose migrations all live in
// their own tool: `jtbd-sql --schema jtbd --after 0 > 0042_jtbd.sql`.

const { values } = parseArgs({
  options: {
    schema: { type: "string", default: "jtbd" },
    after: { type: "string", default: "0" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  process.stdout.write("Usage: jtbd-sql [--schema jtbd] [--after <version already applied>]\nPrints the SQL that migrate() applies.\n");
} else {
  const after = Number(values.after);
  if (!Number.isInteger(after) || after < 0) {
    process.stderr.write(`--after must be a version number (0 or more), not "${values.after}".\n`);
    process.exitCode = 2;
  } else {
    try {
      process.stdout.write(schemaSql({ schema: values.schema, after }));
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    }
  }
}
