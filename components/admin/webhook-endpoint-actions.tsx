"use client";

import { useState, useTransition } from "react";
import { sendTestWebhookAction, setWebhookEndpointEnabledAction } from "@/app/(admin)/admin/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Test-send, and disable or enable the endpoint. */
export function WebhookEndpointActions({ endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const run = (call: () => Promise<{ ok: boolean; error?: { message: string } }>, done: string) =>
    startTransition(async () => {
      const result = await call();
      setMessage(result.ok ? { tone: "success", text: done } : { tone: "error", text: result.error!.message });
    });
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          pending={pending}
          disabled={!enabled}
          onClick={() => run(() => sendTestWebhookAction({ endpointId }), "A test event is on its way; it appears in the log once sent.")}
        >
          Send a test event
        </Button>
        <Button
          variant={enabled ? "danger" : "primary"}
          pending={pending}
          onClick={() =>
            run(() => setWebhookEndpointEnabledAction({ endpointId, enabled: !enabled }), enabled ? "Disabled." : "Enabled again.")
          }
        >
          {enabled ? "Disable" : "Enable"}
        </Button>
      </div>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
    </div>
  );
}
