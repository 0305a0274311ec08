"use server";

import { serverAction } from "@/lib/server/action";
import { saveMyProfile } from "@/lib/server/commands/save-my-profile";
import type { FormState } from "@/lib/validation/form-state";
import type { ProfileValues } from "@/lib/validation/profile";

const saveProfile = serverAction(saveMyProfile, { revalidate: ["/profile", "/todo"] });

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

export async function saveProfileAction(
  _previous: FormState<unknown, ProfileValues>,
  formData: FormData,
): Promise<FormState<unknown, ProfileValues>> {
  const values = { name: text(formData, "name"), company: text(formData, "company"), jobTitle: text(formData, "jobTitle") };
  const result = await saveProfile(values);
  // Say only whether it worked: the form shows the values the person typed.
  return { result: result.ok ? { ok: true, data: null } : result, values };
}
