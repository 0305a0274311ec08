import { describe, expect, test } from "vitest";
import type { z } from "zod";
import { changePasswordSchema, resetPasswordSchema } from "./account";
import { signInSchema, signUpSchema } from "./auth";
import { reviewDocumentSchema } from "./documents";
import { inviteSchema } from "./invites";
import { editJobNoteSchema, writeJobNoteSchema } from "./job-notes";
import { cancelStaffJobSchema, completeStaffJobSchema, dismissJobSchema, requestStaffJobSchema } from "./jobs";
import { profileSchema } from "./profile";

// Every text field of the shared schemas refuses what PostgreSQL cannot store
// (a NUL; half a surrogate pair inside JSON), on that field, with a message.
// Add a row when a schema gains a text field.

const JOB_ID = "0190a0b0-0000-7000-8000-000000000001";

const FIELDS: [label: string, schema: z.ZodType, valid: Record<string, unknown>, field: string][] = [
  ["sign-up name", signUpSchema, { name: "Ada", email: "ada@example.com", password: "long enough" }, "name"],
  ["sign-up password", signUpSchema, { name: "Ada", email: "ada@example.com", password: "long enough" }, "password"],
  ["sign-up email", signUpSchema, { name: "Ada", email: "ada@example.com", password: "long enough" }, "email"],
  ["sign-in password", signInSchema, { email: "ada@example.com", password: "whatever" }, "password"],
  ["reset password token", resetPasswordSchema, { token: "abc", password: "long enough" }, "token"],
  ["change password: current", changePasswordSchema, { currentPassword: "old password", newPassword: "new password" }, "currentPassword"],
  ["change password: new", changePasswordSchema, { currentPassword: "old password", newPassword: "new password" }, "newPassword"],
  ["profile name", profileSchema, { name: "Ada", company: "Acme", jobTitle: "Engineer" }, "name"],
  ["profile company", profileSchema, { name: "Ada", company: "Acme", jobTitle: "Engineer" }, "company"],
  ["profile job title", profileSchema, { name: "Ada", company: "Acme", jobTitle: "Engineer" }, "jobTitle"],
  ["invite email", inviteSchema, { email: "bo@example.com" }, "email"],
  ["document rejection reason", reviewDocumentSchema, { documentId: JOB_ID, decision: "reject", reason: "blurry photo" }, "reason"],
  ["dismiss reason", dismissJobSchema, { jobId: JOB_ID, reason: "done elsewhere" }, "reason"],
  [
    "staff job note",
    requestStaffJobSchema,
    { jobType: "staff.review-document", target: { type: "user", id: "u1" }, note: "a note" },
    "note",
  ],
  ["staff job type", requestStaffJobSchema, { jobType: "staff.review-document", target: { type: "user", id: "u1" } }, "jobType"],
  ["resolution note", completeStaffJobSchema, { jobId: JOB_ID, note: "fixed" }, "note"],
  ["cancel reason", cancelStaffJobSchema, { jobId: JOB_ID, reason: "duplicate" }, "reason"],
  ["job note", writeJobNoteSchema, { jobId: JOB_ID, body: "a note" }, "body"],
  ["edited job note", editJobNoteSchema, { noteId: JOB_ID, body: "a note" }, "body"],
];

describe.each([
  ["a NUL", (value: string) => `${value}\u0000`],
  ["half an emoji", (value: string) => `${value}\uD83D`],
])("%s", (_kind, spoil) => {
  test.each(FIELDS)("%s is refused on its field", (_label, schema, valid, field) => {
    expect(schema.safeParse(valid).success).toBe(true);
    const result = schema.safeParse({ ...valid, [field]: spoil(String(valid[field])) });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain(field);
  });
});
