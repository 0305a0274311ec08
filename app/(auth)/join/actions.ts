"use server";

import { serverAction } from "@/lib/server/action";
import { acceptMyInvite } from "@/lib/server/commands/accept-my-invite";
import type { ActionResult } from "@/lib/validation/action-result";

const acceptInvite = serverAction(acceptMyInvite, { revalidate: ["/team", "/todo"] });

export type AcceptInviteState = ActionResult<{ organisationName: string; joined: boolean }> | null;

/** The invitation page's "Join" button: the signed-in person accepts the invitation whose token the page holds. */
export async function acceptInviteAction(_previous: AcceptInviteState, formData: FormData): Promise<AcceptInviteState> {
  const token = formData.get("token");
  return acceptInvite({ token: typeof token === "string" ? token : "" });
}
