import { z } from "zod";
import type { FormState } from "./form-state";
import { text } from "./text";

const required = (label: string, max: number) =>
  text({ label: `The ${label}`, error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .max(max, `Keep the ${label} under ${max} characters.`);

/** The team page's company details form: what "add your company details" asks for. */
export const companyDetailsSchema = z.object({
  name: required("team's name", 120),
  website: required("website", 200).pipe(z.url({ protocol: /^https?$/, error: "Enter the website's address, like https://example.com." })),
  industry: required("industry", 100),
});

export type CompanyDetailsInput = z.infer<typeof companyDetailsSchema>;
export type CompanyDetailsValues = { name: string; website: string; industry: string };
export type CompanyDetailsFormState = FormState<{ name: string }, CompanyDetailsValues>;

/** The invitation link's token, posted back by the "join" button. */
export const acceptInviteSchema = z.object({
  token: text({ label: "The invitation link", kind: "exact" }).min(1, "The invitation link is incomplete.").max(200),
});

export type AcceptInviteInput = z.infer<typeof acceptInviteSchema>;

/** The owner's "Make admin" / "Make member" on the team page. */
export const setMemberRoleSchema = z.object({
  userId: z.uuid({ error: "Choose a member of your team." }),
  role: z.enum(["admin", "member"], { error: "A member is an admin or a member." }),
});

export type SetMemberRoleInput = z.infer<typeof setMemberRoleSchema>;
