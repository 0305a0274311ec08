import { z } from "zod";

export const inviteSchema = z.object({
  email: z
    .string({ error: "Enter your teammate's email address." })
    .trim()
    .min(1, "Enter your teammate's email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email({ error: "Enter an email address like name@example.com." }))
    .transform((v) => v.toLowerCase()),
});

export type InviteInput = z.infer<typeof inviteSchema>;
