"use server";

import { serverAction } from "@/lib/server/action";
import { sendMyInvite } from "@/lib/server/commands/send-my-invite";
import type { InviteFormState } from "@/lib/validation/invites";

const sendInvite = serverAction(sendMyInvite, { revalidate: ["/team", "/todo"] });

export async function sendInviteAction(_previous: InviteFormState, formData: FormData): Promise<InviteFormState> {
  const raw = formData.get("email");
  const email = typeof raw === "string" ? raw : "";
  const result = await sendInvite({ email });
  if (!result.ok) return { result, values: { email } };
  // Queued: the field is cleared for the next one; the list shows this one and, later, its outcome.
  return { result: { ok: true, data: { email: result.data.email, status: result.data.status } }, values: { email: "" } };
}
