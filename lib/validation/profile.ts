import { z } from "zod";
import { text } from "./text";

const required = (label: string, max: number) =>
  text({ label: `Your ${label}`, error: `Enter your ${label}.` })
    .trim()
    .min(1, `Enter your ${label}.`)
    .max(max, `Keep your ${label} under ${max} characters.`);

/** The profile form. All three fields are what "complete your profile" asks for. */
export const profileSchema = z.object({
  name: required("name", 100),
  company: required("company", 120),
  jobTitle: required("job title", 120),
});

export type ProfileInput = z.infer<typeof profileSchema>;

/** What the profile form shows and sends back: the same three fields, as typed. */
export type ProfileValues = ProfileInput;
