"use client";

import { useState, useTransition } from "react";
import { revokeApiKeyAction } from "@/app/(admin)/admin/api-keys/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { TimeAgo } from "@/components/ui/time-ago";
import type { ApiKeyRow } from "@/lib/server/queries/api-keys";

function RevokeButton({ id, name }: { id: string; name: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-1">
      <Button
        variant="danger"
        size="sm"
        pending={pending}
        pendingLabel="Revoking…"
        aria-label={`Revoke ${name}`}
        onClick={() =>
          startTransition(async () => {
            const result = await revokeApiKeyAction({ keyId: id });
            setError(result.ok ? null : result.error.message);
          })
        }
      >
        Revoke
      </Button>
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}

export function ApiKeyList({ keys, now }: { keys: ApiKeyRow[]; now: Date }) {
  if (keys.length === 0) return <EmptyState title="No API keys yet">Create one above for the first service.</EmptyState>;
  return (
    <ul className="flex flex-col gap-3">
      {keys.map((key) => {
        const expired = key.expiresAt !== null && key.expiresAt <= now;
        return (
          <li
            key={key.id}
            className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:flex-row sm:items-start sm:justify-between"
          >
            <div className="flex flex-col gap-1 text-sm text-slate-700">
              <p className="font-medium text-slate-900">
                {key.name} <code className="ml-1 text-slate-600">{key.prefix}…</code>
                {key.revokedAt && <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs">Revoked</span>}
                {!key.revokedAt && expired && <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">Expired</span>}
              </p>
              <p>Scopes: {key.scopes.join(", ")}</p>
              <p>
                Created <TimeAgo date={key.createdAt} now={now} />
                {key.createdBy && <> by {key.createdBy}</>} · Last used{" "}
                {key.lastUsedAt ? <TimeAgo date={key.lastUsedAt} now={now} /> : "never"}
                {key.expiresAt && (
                  <>
                    {" "}
                    · {expired ? "Expired" : "Expires"} <TimeAgo date={key.expiresAt} now={now} />
                  </>
                )}
              </p>
            </div>
            {!key.revokedAt && <RevokeButton id={key.id} name={key.name} />}
          </li>
        );
      })}
    </ul>
  );
}
