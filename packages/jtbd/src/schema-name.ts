import { JobsError } from "./jobs-error.js";

export const DEFAULT_SCHEMA = "jtbd";

/** The schema as an SQL identifier, quoted; refuses names that need more than quoting to be safe. */
export function quoteSchema(schema: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(schema)) {
    throw new JobsError("invalid_input", `"${schema}" is not a usable schema name: use letters, digits and underscores, at most 63.`);
  }
  return `"${schema}"`;
}

/** The statement with `:JTBD_SCHEMA` replaced by the quoted schema. */
export function inSchema(statement: string, schema: string): string {
  return statement.replaceAll(":JTBD_SCHEMA", quoteSchema(schema));
}
