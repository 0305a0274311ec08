"use client";

import { useActionState, useId } from "react";
import { saveNotificationPreferencesAction } from "@/app/(user)/settings/notifications/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { NotificationPreferences } from "@/lib/validation/notification-preferences";

/**
 * The reminder email preference: a checkbox and Save, as a plain form post
 * (a server action), so it works before scripts load. After saving, a
 * confirmation says what will happen now, in words.
 */
export function NotificationPreferencesForm({ saved }: { saved: NotificationPreferences }) {
  const [state, action, pending] = useActionState(saveNotificationPreferencesAction, null);
  const id = useId();
  // After a refusal the box keeps what the person chose; after saving, what was saved.
  const values = state?.result.ok ? state.result.data : (state?.values ?? saved);

  return (
    <form action={action} className="flex flex-col gap-4">
      {state?.result.ok === false && <Alert tone="error">{state.result.error.message}</Alert>}
      {state?.result.ok && (
        <Alert tone="success" title="Preferences saved">
          {state.result.data.emailReminders
            ? "We will email you reminders about jobs that are still waiting for you."
            : "We won't email you reminders any more. Notifications still arrive in your inbox."}
        </Alert>
      )}
      <div className="flex items-start gap-3">
        <input
          // A new key after each answer: the box shows what the server now holds.
          key={JSON.stringify(values)}
          type="checkbox"
          id={`${id}-reminders`}
          name="emailReminders"
          defaultChecked={values.emailReminders}
          aria-describedby={`${id}-reminders-hint`}
          className="mt-0.5 size-6 shrink-0 cursor-pointer accent-indigo-600"
        />
        <div>
          <label htmlFor={`${id}-reminders`} className="font-medium text-slate-900">
            Email me reminders about pending jobs
          </label>
          <p id={`${id}-reminders-hint`} className="mt-1 text-sm text-slate-600">
            When something has been waiting for you for a while, we send one reminder email. In-app notifications (the bell and your inbox)
            still arrive either way, and so do emails you ask for, like a verification link.
          </p>
        </div>
      </div>
      <Button type="submit" pending={pending} pendingLabel="Saving…" className="self-start">
        Save preferences
      </Button>
    </form>
  );
}
