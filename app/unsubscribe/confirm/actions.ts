"use server";

import { db } from "@/lib/server/db";
import type { ActionResult } from "@/lib/validation/action-result";
import { confirmUnsubscribe } from "./confirm-unsubscribe";

export async function unsubscribeAction(
  _previous: ActionResult<{ emailReminders: false }> | null,
  formData: FormData,
): Promise<ActionResult<{ emailReminders: false }>> {
  return confirmUnsubscribe(db, formData);
}
