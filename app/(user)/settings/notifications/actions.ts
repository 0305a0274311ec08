"use server";

import type { FormState } from "@/components/account/form-state";
import type { NotificationPreferences } from "@/components/notifications/notification-preferences-form";
import { serverAction } from "@/lib/server/action";
import { setMyEmailReminders } from "@/lib/server/commands/set-my-email-reminders";

const setEmailReminders = serverAction(setMyEmailReminders, { revalidate: ["/settings/notifications"] });

export async function saveNotificationPreferencesAction(
  _previous: FormState<NotificationPreferences, NotificationPreferences>,
  formData: FormData,
): Promise<FormState<NotificationPreferences, NotificationPreferences>> {
  // A checkbox is in the form data only when it is ticked.
  const values = { emailReminders: formData.get("emailReminders") === "on" };
  return { result: await setEmailReminders({ enabled: values.emailReminders }), values };
}
