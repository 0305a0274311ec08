"use server";

import { serverAction } from "@/lib/server/action";
import { setMyEmailReminders } from "@/lib/server/commands/set-my-email-reminders";
import type { FormState } from "@/lib/validation/form-state";
import type { NotificationPreferences } from "@/lib/validation/notification-preferences";

const setEmailReminders = serverAction(setMyEmailReminders, { revalidate: ["/settings/notifications"] });

export async function saveNotificationPreferencesAction(
  _previous: FormState<NotificationPreferences, NotificationPreferences>,
  formData: FormData,
): Promise<FormState<NotificationPreferences, NotificationPreferences>> {
  // A checkbox is in the form data only when it is ticked.
  const values = { emailReminders: formData.get("emailReminders") === "on" };
  return { result: await setEmailReminders({ enabled: values.emailReminders }), values };
}
