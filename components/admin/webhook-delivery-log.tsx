"use client";

import { useState, useTransition } from "react";
import { replayWebhookDeliveryAction } from "@/app/(admin)/admin/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { EmptyState } from "@/components/ui/empty-state";
import type { DeliveryLogEntry } from "@/lib/webhooks/webhook-endpoints";

/** Every attempt, newest first, with a replay per delivery for those who may replay (admins). */
export function WebhookDeliveryLog({ entries, canReplay = true }: { entries: DeliveryLogEntry[]; canReplay?: boolean }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (entries.length === 0)
    return <EmptyState title="Nothing delivered yet">Attempts appear here once the worker sends an event.</EmptyState>;
  return (
    <div className="flex flex-col gap-2">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="Delivery log">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <ColumnHeaders columns={["Time", "Event", "Attempt", "Status", "Duration", "Error"]} />
              {canReplay && (
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Replay</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.attemptId} className="border-t border-slate-200 text-slate-800">
                <td className="px-3 py-2 whitespace-nowrap">
                  <time dateTime={e.at.toISOString()}>{e.at.toISOString().replace("T", " ").slice(0, 19)}</time>
                </td>
                <td className="px-3 py-2">
                  <code>{e.eventType}</code>
                </td>
                <td className="px-3 py-2">{e.attempt}</td>
                <td className="px-3 py-2">{e.statusCode ?? "no answer"}</td>
                <td className="px-3 py-2">{e.durationMs} ms</td>
                <td className="px-3 py-2 break-all">{e.error ?? ""}</td>
                {canReplay && (
                  <td className="px-3 py-2">
                    {e.deliveryStatus !== "pending" && e.deliveryStatus !== "delivering" && (
                      <Button
                        size="sm"
                        variant="secondary"
                        pending={pending}
                        aria-label={`Replay ${e.eventType} (attempt ${e.attempt})`}
                        onClick={() =>
                          startTransition(async () => {
                            const result = await replayWebhookDeliveryAction({ deliveryId: e.deliveryId });
                            setError(result.ok ? null : result.error.message);
                          })
                        }
                      >
                        Replay
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
