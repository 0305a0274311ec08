// What an API key may do. Framework-free and database-free so the admin
// form, the HTTP wrapper and the command-line script share one list.

export const API_SCOPES = ["jobs:read", "jobs:write", "webhooks:manage"] as const;

export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  "jobs:read": "Read jobs and job types",
  "jobs:write": "Request, complete, cancel and assign jobs",
  "webhooks:manage": "Manage webhook endpoints",
};
