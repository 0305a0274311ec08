import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { unsubscribeWithToken } from "@/lib/notifications";
import { type ActionResult, actionError, actionOk } from "@/lib/validation/action-result";

/**
 * The "Unsubscribe" button of /unsubscribe/confirm. Not a `command`: it runs
 * without a session (people open the link from their mail, often signed
 * out). The signed token in the form is the authority, and all it can do is
 * turn the reminder emails of the person it names off.
 */
export async function confirmUnsubscribe(db: Db, formData: FormData): Promise<ActionResult<{ emailReminders: false }>> {
  try {
    const { userId } = await unsubscribeWithToken(db, formData.get("token"));
    log.info("unsubscribed from reminder emails (confirm page)", { userId });
    return actionOk({ emailReminders: false });
  } catch (error) {
    if (isAppError(error) && error.code !== "internal") return actionError(error.code, error.userMessage);
    log.error("unsubscribe failed", { error });
    return actionError("internal", "Something went wrong on our side and nothing was changed. Please try again in a moment.");
  }
}
