// Type-only: erased from the bundle, so client components may use these words too.
import type { JobEventKind, JobPriority, JobSource, JobStatus } from "@/lib/db/client";

// Words for the engine's enums, as staff read them. The status words match
// the queue's status filter.

export const jobLabels = {
  status: { pending: "Pending", completed: "Resolved", cancelled: "Dismissed", expired: "Expired" } satisfies Record<JobStatus, string>,
  priority: { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" } satisfies Record<JobPriority, string>,
  source: {
    user: "the user",
    staff: "staff",
    system: "the system",
    auto: "the product (automatically)",
    api: "a service (API key)",
  } satisfies Record<JobSource, string>,
  event: {
    requested: "Requested",
    assigned: "Assignment changed",
    completed: "Resolved",
    cancelled: "Dismissed",
    expired: "Expired",
    extended: "Expiry extended",
    snoozed: "Snoozed",
    reopened: "Reopened",
    recurred: "Reported again",
    escalated: "Escalated",
  } satisfies Record<JobEventKind, string>,
} as const;
