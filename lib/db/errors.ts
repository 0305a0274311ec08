// What PostgreSQL said, dug out of Prisma's wrapping. Raw queries through the
// driver adapter fail with P2010 carrying the adapter's error, whose cause has
// the SQLSTATE and, for constraint errors, the constraint's name.

interface AdapterCause {
  originalCode?: string;
  originalMessage?: string;
  constraint?: { index?: string; fields?: string[] };
}

function adapterCause(error: unknown): AdapterCause | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: AdapterCause } } } | null)?.meta;
  return meta?.driverAdapterError?.cause;
}

/** The SQLSTATE of a failed query ("23503"), if the error came from PostgreSQL. */
export function pgErrorCode(error: unknown): string | undefined {
  return adapterCause(error)?.originalCode ?? (error as { code?: string } | null)?.code?.match(/^[0-9A-Z]{5}$/)?.[0];
}

export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  if (pgErrorCode(error) !== "23503") return false;
  return (
    !constraint ||
    adapterCause(error)?.constraint?.index === constraint ||
    (adapterCause(error)?.originalMessage ?? "").includes(constraint) ||
    (error as { constraint?: string } | null)?.constraint === constraint
  );
}
