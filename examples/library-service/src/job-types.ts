import type { JobTypeDefinition } from "@jtbd/engine";

// The library's jobs, declared once. `meta` is the library's own: the engine
// carries it, typed, and never reads it.
export const jobTypes = [
  {
    key: "loans.return-book",
    title: "Return the book",
    targetType: "loan",
    expiresAfterHours: 14 * 24,
    meta: { remindAfterDays: 10 },
  },
  {
    key: "catalog.shelve-book",
    title: "Put the book back on its shelf",
    targetType: "book",
    meta: { queue: "front desk" },
  },
] as const satisfies readonly JobTypeDefinition[];
