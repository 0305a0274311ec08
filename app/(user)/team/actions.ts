"use server";

import { serverAction } from "@/lib/server/action";
import { saveMyCompanyDetails } from "@/lib/server/commands/save-my-company-details";
import { sendMyInvite } from "@/lib/server/commands/send-my-invite";
import { setMyMemberRole } from "@/lib/server/commands/set-my-member-role";
import type { ActionResult } from "@/lib/validation/action-result";
import type { InviteFormState } from "@/lib/validation/invites";
import type { CompanyDetailsFormState } from "@/lib/validation/organisations";

const sendInvite = serverAction(sendMyInvite, { revalidate: ["/team", "/todo"] });
const saveCompanyDetails = serverAction(saveMyCompanyDetails, { revalidate: ["/team", "/todo"] });
const setMemberRole = serverAction(setMyMemberRole, { revalidate: ["/team", "/todo"] });

export async function sendInviteAction(_previous: InviteFormState, formData: FormData): Promise<InviteFormState> {
  const raw = formData.get("email");
  const email = typeof raw === "string" ? raw : "";
  const result = await sendInvite({ email });
  if (!result.ok) return { result, values: { email } };
  // Queued: the field is cleared for the next one; the list shows this one and, later, its outcome.
  return { result: { ok: true, data: { email: result.data.email, status: result.data.status } }, values: { email: "" } };
}

const field = (formData: FormData, name: string) => {
  const raw = formData.get(name);
  return typeof raw === "string" ? raw : "";
};

export async function saveCompanyDetailsAction(_previous: CompanyDetailsFormState, formData: FormData): Promise<CompanyDetailsFormState> {
  const values = { name: field(formData, "name"), website: field(formData, "website"), industry: field(formData, "industry") };
  const result = await saveCompanyDetails(values);
  return { result, values };
}

export type MemberRoleState = ActionResult<{ userId: string; role: "owner" | "admin" | "member" }> | null;

/** The owner's "Make admin" / "Make member" button beside a member. */
export async function setMemberRoleAction(_previous: MemberRoleState, formData: FormData): Promise<MemberRoleState> {
  // Form fields are text; the command's schema refuses anything but "admin" or "member".
  return setMemberRole({ userId: field(formData, "userId"), role: field(formData, "role") as "admin" | "member" });
}
