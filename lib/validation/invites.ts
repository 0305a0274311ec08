import { z } from "zod";
import type { FormState } from "./form-state";
import { text } from "./text";

export const inviteSchema = z.object({
  email: text({ label: "The email address", error: "Enter your teammate's email address." })
    .trim()
    .min(1, "Enter your teammate's email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email({ error: "Enter an email address like name@example.com." }))
    .transform((v) => v.toLowerCase()),
});

export type InviteInput = z.infer<typeof inviteSchema>;

/** The invite form's state: the invite as stored (its email on its way), and the address typed. */
export type InviteFormState = FormState<{ email: string; status: "sending" | "sent" | "bounced" | "accepted" }, { email: string }>;
