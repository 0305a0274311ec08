import { afterAll, beforeAll, expect, test } from "vitest";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import type { UserRow } from "@/lib/db/client";
import { uploadDocument } from "@/lib/documents/upload-document";
import { JOBS_SCHEMA } from "@/lib/jobs/jobs-schema";
import { startJobs } from "@/lib/jobs/start-jobs";
import { createVerifyEmailToken } from "@/lib/notifications";
import { actorOf, createUser } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { HTML_PAGE, SAMPLE_PDF, SVG_IMAGE } from "@/test/sample-files";
import type { Command } from "../command";
import { assignStaffJob } from "./assign-staff-job";
import { bulkStaffJobAction } from "./bulk-staff-job-action";
import { cancelOnboardingJobs } from "./cancel-onboarding-jobs";
import { cancelStaffJob } from "./cancel-staff-job";
import { claimStaffJob } from "./claim-staff-job";
import { completeMyJob } from "./complete-my-job";
import { completeStaffJob } from "./complete-staff-job";
import { deleteStaffJobNote } from "./delete-staff-job-note";
import { dismissMyJob } from "./dismiss-my-job";
import { editStaffJobNote } from "./edit-staff-job-note";
import { extendOnboardingJobs } from "./extend-onboarding-jobs";
import { markAllMyNotificationsRead } from "./mark-all-my-notifications-read";
import { markGuideRead } from "./mark-guide-read";
import { markMyNotificationRead } from "./mark-my-notification-read";
import { requestStaffJob } from "./request-staff-job";
import { reviewStaffDocument } from "./review-staff-document";
import { saveMyProfile } from "./save-my-profile";
import { sendMyInvite } from "./send-my-invite";
import { setMyEmailReminders } from "./set-my-email-reminders";
import { unassignStaffJob } from "./unassign-staff-job";
import { uploadMyDocument } from "./upload-my-document";
import { verifyMyEmail } from "./verify-my-email";
import { writeStaffJobNote } from "./write-staff-job-note";

// The bad-input corpus (issue 9): every server action goes through one of
// these commands, which is what its action calls with the session's person
// and the browser's raw input. Each row is an input a browser (or someone
// with curl) could send; each must get a refusal with a message meant for
// people, never "internal" (a 500), and change nothing in the database.
//
// To add a case, add a row to CORPUS: who acts, which command, what input
// (a function of the fixtures, for ids of real objects).

type Who = "signed out" | "me" | "staff" | "product" | "admin";

interface Fixtures {
  /** A pending onboarding job of mine, and of another person. */
  myJobId: string;
  othersJobId: string;
  /** A pending staff review job, its document (someone else's), and an onboarding job of that someone. */
  staffJobId: string;
  documentId: string;
  /** A notification of another person. */
  othersNotificationId: string;
  /** A valid email-verification token for another person. */
  othersVerifyToken: string;
  /** Users who are not staff. */
  plainUserId: string;
}

interface Row {
  label: string;
  who: Who;
  // Any command: the corpus only ever looks at the refusal.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- commands differ in input and output types; rows feed them raw input on purpose.
  command: Command<any, unknown>;
  input: (f: Fixtures) => unknown;
  /** The refusal's code when it matters (a forged id may be not_found or forbidden: both are fine unless named). */
  code?: string;
  /** The upload refusals report the failure to staff (a staff.rejected-upload job): by design, the only write allowed. */
  reportsToStaff?: true;
}

const NOBODY = "0190a0b0-0000-7000-8000-00000000dead";
const HUGE = "x".repeat(1_000_000);
const NUL = "\u0000";
const HALF_EMOJI = "\uD83D";
const pdfFile = (name = "passport.pdf", type = "application/pdf", bytes: Uint8Array<ArrayBuffer> = SAMPLE_PDF) =>
  new File([bytes], name, { type });

const CORPUS: Row[] = [
  // saveMyProfile
  { label: "profile: nothing sent", who: "me", command: saveMyProfile, input: () => ({}), code: "invalid_input" },
  { label: "profile: not an object", who: "me", command: saveMyProfile, input: () => "name=Ada", code: "invalid_input" },
  { label: "profile: null", who: "me", command: saveMyProfile, input: () => null, code: "invalid_input" },
  {
    label: "profile: name is a number",
    who: "me",
    command: saveMyProfile,
    input: () => ({ name: 42, company: "Acme", jobTitle: "Dev" }),
    code: "invalid_input",
  },
  {
    label: "profile: company is null",
    who: "me",
    command: saveMyProfile,
    input: () => ({ name: "Ada", company: null, jobTitle: "Dev" }),
    code: "invalid_input",
  },
  {
    label: "profile: job title is an array",
    who: "me",
    command: saveMyProfile,
    input: () => ({ name: "Ada", company: "Acme", jobTitle: ["Dev"] }),
    code: "invalid_input",
  },
  {
    label: "profile: name of 101 characters",
    who: "me",
    command: saveMyProfile,
    input: () => ({ name: "a".repeat(101), company: "Acme", jobTitle: "Dev" }),
    code: "invalid_input",
  },
  {
    label: "profile: a 1 MB name",
    who: "me",
    command: saveMyProfile,
    input: () => ({ name: HUGE, company: "Acme", jobTitle: "Dev" }),
    code: "invalid_input",
  },
  {
    label: "profile: NUL in the name",
    who: "me",
    command: saveMyProfile,
    input: () => ({ name: `Ada${NUL}`, company: "Acme", jobTitle: "Dev" }),
    code: "invalid_input",
  },
  {
    label: "profile: half an emoji in the company",
    who: "me",
    command: saveMyProfile,
    input: () => ({ name: "Ada", company: `Acme ${HALF_EMOJI}`, jobTitle: "Dev" }),
    code: "invalid_input",
  },
  {
    label: "profile: only control characters as the name",
    who: "me",
    command: saveMyProfile,
    input: () => ({ name: "\u0007\u0008\u001b", company: "Acme", jobTitle: "Dev" }),
    code: "invalid_input",
  },
  {
    label: "profile: only spaces as the job title",
    who: "me",
    command: saveMyProfile,
    input: () => ({ name: "Ada", company: "Acme", jobTitle: " \t " }),
    code: "invalid_input",
  },
  {
    label: "profile: signed out",
    who: "signed out",
    command: saveMyProfile,
    input: () => ({ name: "Ada", company: "Acme", jobTitle: "Dev" }),
    code: "unauthenticated",
  },

  // completeMyJob / dismissMyJob
  { label: "complete: no job id", who: "me", command: completeMyJob, input: () => ({}), code: "invalid_input" },
  { label: "complete: job id not a uuid", who: "me", command: completeMyJob, input: () => ({ jobId: "1" }), code: "invalid_input" },
  { label: "complete: job id is a number", who: "me", command: completeMyJob, input: () => ({ jobId: 1 }), code: "invalid_input" },
  {
    label: "complete: job id with a NUL",
    who: "me",
    command: completeMyJob,
    input: (f) => ({ jobId: `${f.myJobId}${NUL}` }),
    code: "invalid_input",
  },
  {
    label: "complete: SQL in the job id",
    who: "me",
    command: completeMyJob,
    input: () => ({ jobId: "' OR 1=1 --" }),
    code: "invalid_input",
  },
  { label: "complete: another person's job (forged id)", who: "me", command: completeMyJob, input: (f) => ({ jobId: f.othersJobId }) },
  { label: "complete: a staff job, as a plain user", who: "me", command: completeMyJob, input: (f) => ({ jobId: f.staffJobId }) },
  { label: "complete: a job that does not exist", who: "me", command: completeMyJob, input: () => ({ jobId: NOBODY }) },
  {
    label: "complete: signed out",
    who: "signed out",
    command: completeMyJob,
    input: (f) => ({ jobId: f.myJobId }),
    code: "unauthenticated",
  },
  { label: "dismiss: another person's job (forged id)", who: "me", command: dismissMyJob, input: (f) => ({ jobId: f.othersJobId }) },
  {
    label: "dismiss: reason is a number",
    who: "me",
    command: dismissMyJob,
    input: (f) => ({ jobId: f.myJobId, reason: 7 }),
    code: "invalid_input",
  },
  {
    label: "dismiss: reason of 501 characters",
    who: "me",
    command: dismissMyJob,
    input: (f) => ({ jobId: f.myJobId, reason: "r".repeat(501) }),
    code: "invalid_input",
  },
  {
    label: "dismiss: NUL in the reason",
    who: "me",
    command: dismissMyJob,
    input: (f) => ({ jobId: f.myJobId, reason: `done${NUL}` }),
    code: "invalid_input",
  },
  {
    label: "dismiss: half an emoji in the reason",
    who: "me",
    command: dismissMyJob,
    input: (f) => ({ jobId: f.myJobId, reason: `done ${HALF_EMOJI}` }),
    code: "invalid_input",
  },

  // uploadMyDocument
  { label: "upload: no file", who: "me", command: uploadMyDocument, input: () => ({}), code: "invalid_input" },
  {
    label: "upload: the file is a string",
    who: "me",
    command: uploadMyDocument,
    input: () => ({ file: "%PDF-1.4" }),
    code: "invalid_input",
  },
  {
    label: "upload: an empty, nameless file (empty file input)",
    who: "me",
    command: uploadMyDocument,
    input: () => ({ file: new File([], "") }),
    code: "invalid_input",
  },
  {
    label: "upload: NUL in the file name",
    who: "me",
    command: uploadMyDocument,
    input: () => ({ file: pdfFile(`id${NUL}.pdf`) }),
    code: "invalid_input",
  },
  {
    label: "upload: HTML declared as a PDF",
    who: "me",
    command: uploadMyDocument,
    input: () => ({ file: pdfFile("id.pdf", "application/pdf", HTML_PAGE) }),
    code: "invalid_input",
    reportsToStaff: true,
  },
  {
    label: "upload: SVG declared as a PNG",
    who: "me",
    command: uploadMyDocument,
    input: () => ({ file: pdfFile("id.png", "image/png", SVG_IMAGE) }),
    code: "invalid_input",
    reportsToStaff: true,
  },
  {
    label: "upload: a PDF declared as a JPEG",
    who: "me",
    command: uploadMyDocument,
    input: () => ({ file: pdfFile("id.jpg", "image/jpeg") }),
    code: "invalid_input",
    reportsToStaff: true,
  },
  {
    label: "upload: a text file",
    who: "me",
    command: uploadMyDocument,
    input: () => ({ file: pdfFile("notes.txt", "text/plain", Buffer.from("hello")) }),
    code: "invalid_input",
    reportsToStaff: true,
  },
  {
    label: "upload: a named but empty file",
    who: "me",
    command: uploadMyDocument,
    input: () => ({ file: pdfFile("id.pdf", "application/pdf", new Uint8Array()) }),
    code: "invalid_input",
    reportsToStaff: true,
  },
  {
    label: "upload: over 5 MB",
    who: "me",
    command: uploadMyDocument,
    input: () => ({ file: pdfFile("big.pdf", "application/pdf", Buffer.concat([SAMPLE_PDF, Buffer.alloc(5 * 1024 * 1024)])) }),
    code: "invalid_input",
    reportsToStaff: true,
  },
  {
    label: "upload: signed out",
    who: "signed out",
    command: uploadMyDocument,
    input: () => ({ file: pdfFile() }),
    code: "unauthenticated",
  },

  // sendMyInvite
  { label: "invite: no email", who: "me", command: sendMyInvite, input: () => ({}), code: "invalid_input" },
  { label: "invite: not an email", who: "me", command: sendMyInvite, input: () => ({ email: "not-an-email" }), code: "invalid_input" },
  {
    label: "invite: NUL in the email",
    who: "me",
    command: sendMyInvite,
    input: () => ({ email: `bo${NUL}@example.com` }),
    code: "invalid_input",
  },
  {
    label: "invite: CRLF header injection in the email",
    who: "me",
    command: sendMyInvite,
    input: () => ({ email: "bo@example.com\r\nBcc: all@example.com" }),
    code: "invalid_input",
  },
  {
    label: "invite: a 300-character email",
    who: "me",
    command: sendMyInvite,
    input: () => ({ email: `${"b".repeat(290)}@example.com` }),
    code: "invalid_input",
  },
  {
    label: "invite: email is an array",
    who: "me",
    command: sendMyInvite,
    input: () => ({ email: ["a@example.com", "b@example.com"] }),
    code: "invalid_input",
  },

  // Notifications and settings
  {
    label: "reminders: enabled is the string 'yes'",
    who: "me",
    command: setMyEmailReminders,
    input: () => ({ enabled: "yes" }),
    code: "invalid_input",
  },
  { label: "reminders: enabled missing", who: "me", command: setMyEmailReminders, input: () => ({}), code: "invalid_input" },
  { label: "reminders: enabled is null", who: "me", command: setMyEmailReminders, input: () => ({ enabled: null }), code: "invalid_input" },
  {
    label: "notification read: id not a uuid",
    who: "me",
    command: markMyNotificationRead,
    input: () => ({ notificationId: "abc" }),
    code: "invalid_input",
  },
  {
    label: "notification read: another person's notification (forged id)",
    who: "me",
    command: markMyNotificationRead,
    input: (f) => ({ notificationId: f.othersNotificationId }),
  },
  { label: "notification read: id missing", who: "me", command: markMyNotificationRead, input: () => ({}), code: "invalid_input" },
  {
    label: "all notifications read: signed out",
    who: "signed out",
    command: markAllMyNotificationsRead,
    input: () => ({}),
    code: "unauthenticated",
  },
  { label: "guide read: signed out", who: "signed out", command: markGuideRead, input: () => ({}), code: "unauthenticated" },

  // verifyMyEmail
  { label: "verify: no token", who: "me", command: verifyMyEmail, input: () => ({}), code: "invalid_input" },
  { label: "verify: empty token", who: "me", command: verifyMyEmail, input: () => ({ token: "" }), code: "invalid_input" },
  { label: "verify: a made-up token", who: "me", command: verifyMyEmail, input: () => ({ token: "made.up.token" }) },
  {
    label: "verify: a 1001-character token",
    who: "me",
    command: verifyMyEmail,
    input: () => ({ token: "t".repeat(1001) }),
    code: "invalid_input",
  },
  { label: "verify: another person's token (replayed)", who: "me", command: verifyMyEmail, input: (f) => ({ token: f.othersVerifyToken }) },
  { label: "verify: a token with a NUL", who: "me", command: verifyMyEmail, input: (f) => ({ token: `${f.othersVerifyToken}${NUL}` }) },

  // Staff triage, replayed by people without the role and with bad ids
  {
    label: "claim: replayed by a plain user",
    who: "me",
    command: claimStaffJob,
    input: (f) => ({ jobId: f.staffJobId }),
    code: "forbidden",
  },
  {
    label: "claim: replayed by the product team",
    who: "product",
    command: claimStaffJob,
    input: (f) => ({ jobId: f.staffJobId }),
    code: "forbidden",
  },
  { label: "claim: job id not a uuid", who: "staff", command: claimStaffJob, input: () => ({ jobId: "job-1" }), code: "invalid_input" },
  {
    label: "claim: a person's onboarding job, not a staff job",
    who: "staff",
    command: claimStaffJob,
    input: (f) => ({ jobId: f.othersJobId }),
  },
  {
    label: "assign: to a plain user",
    who: "staff",
    command: assignStaffJob,
    input: (f) => ({ jobId: f.staffJobId, assigneeId: f.plainUserId }),
  },
  {
    label: "assign: assignee not a uuid",
    who: "staff",
    command: assignStaffJob,
    input: (f) => ({ jobId: f.staffJobId, assigneeId: "me" }),
    code: "invalid_input",
  },
  {
    label: "assign: to nobody that exists",
    who: "staff",
    command: assignStaffJob,
    input: (f) => ({ jobId: f.staffJobId, assigneeId: NOBODY }),
  },
  {
    label: "assign: replayed by a plain user",
    who: "me",
    command: assignStaffJob,
    input: (f) => ({ jobId: f.staffJobId, assigneeId: f.plainUserId }),
    code: "forbidden",
  },
  {
    label: "unassign: replayed by a plain user",
    who: "me",
    command: unassignStaffJob,
    input: (f) => ({ jobId: f.staffJobId }),
    code: "forbidden",
  },
  {
    label: "resolve: a 2001-character note",
    who: "staff",
    command: completeStaffJob,
    input: (f) => ({ jobId: f.staffJobId, note: "n".repeat(2001) }),
    code: "invalid_input",
  },
  {
    label: "resolve: NUL in the note",
    who: "staff",
    command: completeStaffJob,
    input: (f) => ({ jobId: f.staffJobId, note: `done${NUL}` }),
    code: "invalid_input",
  },
  {
    label: "resolve: replayed by the product team",
    who: "product",
    command: completeStaffJob,
    input: (f) => ({ jobId: f.staffJobId }),
    code: "forbidden",
  },
  { label: "cancel: no reason", who: "staff", command: cancelStaffJob, input: (f) => ({ jobId: f.staffJobId }), code: "invalid_input" },
  {
    label: "cancel: only spaces as the reason",
    who: "staff",
    command: cancelStaffJob,
    input: (f) => ({ jobId: f.staffJobId, reason: "   " }),
    code: "invalid_input",
  },
  {
    label: "cancel: NUL in the reason",
    who: "staff",
    command: cancelStaffJob,
    input: (f) => ({ jobId: f.staffJobId, reason: `dup${NUL}` }),
    code: "invalid_input",
  },
  {
    label: "cancel: a 1 MB reason",
    who: "staff",
    command: cancelStaffJob,
    input: (f) => ({ jobId: f.staffJobId, reason: HUGE }),
    code: "invalid_input",
  },
  {
    label: "request: replayed by a plain user",
    who: "me",
    command: requestStaffJob,
    input: (f) => ({ jobType: "staff.review-document", target: { type: "document", id: f.documentId } }),
    code: "forbidden",
  },
  {
    label: "request: an unknown job type",
    who: "staff",
    command: requestStaffJob,
    input: () => ({ jobType: "staff.no-such-thing", target: { type: "user", id: "u" } }),
  },
  {
    label: "request: a person's job type, not a staff one",
    who: "staff",
    command: requestStaffJob,
    input: (f) => ({ jobType: "onboarding.read-guide", target: { type: "user", id: f.plainUserId } }),
  },
  {
    label: "request: a due date in the past",
    who: "staff",
    command: requestStaffJob,
    input: (f) => ({ jobType: "staff.review-document", target: { type: "document", id: f.documentId }, dueAt: "2001-01-01" }),
    code: "invalid_input",
  },
  {
    label: "request: a due date that is not a date",
    who: "staff",
    command: requestStaffJob,
    input: (f) => ({ jobType: "staff.review-document", target: { type: "document", id: f.documentId }, dueAt: "soon" }),
    code: "invalid_input",
  },
  {
    label: "request: an unknown priority",
    who: "staff",
    command: requestStaffJob,
    input: (f) => ({ jobType: "staff.review-document", target: { type: "document", id: f.documentId }, priority: "URGENT!!" }),
    code: "invalid_input",
  },
  {
    label: "request: no target",
    who: "staff",
    command: requestStaffJob,
    input: () => ({ jobType: "staff.review-document" }),
    code: "invalid_input",
  },
  {
    label: "request: NUL in the target id",
    who: "staff",
    command: requestStaffJob,
    input: () => ({ jobType: "staff.review-document", target: { type: "document", id: `d${NUL}` } }),
    code: "invalid_input",
  },
  {
    label: "request: assigned to a plain user",
    who: "staff",
    command: requestStaffJob,
    input: (f) => ({ jobType: "staff.review-document", target: { type: "document", id: f.documentId }, assigneeId: f.plainUserId }),
  },
  {
    label: "review: decision 'maybe'",
    who: "staff",
    command: reviewStaffDocument,
    input: (f) => ({ documentId: f.documentId, decision: "maybe" }),
    code: "invalid_input",
  },
  {
    label: "review: reject without a reason",
    who: "staff",
    command: reviewStaffDocument,
    input: (f) => ({ documentId: f.documentId, decision: "reject" }),
    code: "invalid_input",
  },
  {
    label: "review: NUL in the rejection reason",
    who: "staff",
    command: reviewStaffDocument,
    input: (f) => ({ documentId: f.documentId, decision: "reject", reason: `blurry${NUL}` }),
    code: "invalid_input",
  },
  {
    label: "review: a document that does not exist",
    who: "staff",
    command: reviewStaffDocument,
    input: () => ({ documentId: NOBODY, decision: "approve" }),
  },
  {
    label: "review: replayed by the document's owner",
    who: "me",
    command: reviewStaffDocument,
    input: (f) => ({ documentId: f.documentId, decision: "approve" }),
    code: "forbidden",
  },
  {
    label: "bulk: an unknown action",
    who: "staff",
    command: bulkStaffJobAction,
    input: (f) => ({ action: "delete", jobIds: [f.staffJobId] }),
    code: "invalid_input",
  },
  {
    label: "bulk: no jobs",
    who: "staff",
    command: bulkStaffJobAction,
    input: () => ({ action: "claim", jobIds: [] }),
    code: "invalid_input",
  },
  {
    label: "bulk: 101 jobs",
    who: "staff",
    command: bulkStaffJobAction,
    input: () => ({ action: "claim", jobIds: Array.from({ length: 101 }, () => NOBODY) }),
    code: "invalid_input",
  },
  {
    label: "bulk: jobIds is a string",
    who: "staff",
    command: bulkStaffJobAction,
    input: (f) => ({ action: "claim", jobIds: f.staffJobId }),
    code: "invalid_input",
  },
  {
    label: "bulk: replayed by a plain user",
    who: "me",
    command: bulkStaffJobAction,
    input: (f) => ({ action: "claim", jobIds: [f.staffJobId] }),
    code: "forbidden",
  },
  {
    label: "bulk dismiss: NUL in the reason",
    who: "staff",
    command: bulkStaffJobAction,
    input: (f) => ({ action: "dismiss", jobIds: [f.staffJobId], reason: `x${NUL}` }),
    code: "invalid_input",
  },

  // The insights page's bulk actions
  {
    label: "extend: replayed by a plain user",
    who: "me",
    command: extendOnboardingJobs,
    input: (f) => ({ jobIds: [f.othersJobId], days: 7 }),
    code: "forbidden",
  },
  {
    label: "extend: replayed by staff",
    who: "staff",
    command: extendOnboardingJobs,
    input: (f) => ({ jobIds: [f.othersJobId], days: 7 }),
    code: "forbidden",
  },
  {
    label: "extend: 0 days",
    who: "product",
    command: extendOnboardingJobs,
    input: (f) => ({ jobIds: [f.othersJobId], days: 0 }),
    code: "invalid_input",
  },
  {
    label: "extend: 10 000 days",
    who: "product",
    command: extendOnboardingJobs,
    input: (f) => ({ jobIds: [f.othersJobId], days: 10_000 }),
    code: "invalid_input",
  },
  {
    label: "extend: days as a string",
    who: "product",
    command: extendOnboardingJobs,
    input: (f) => ({ jobIds: [f.othersJobId], days: "7" }),
    code: "invalid_input",
  },
  {
    label: "extend: 1.5 days",
    who: "product",
    command: extendOnboardingJobs,
    input: (f) => ({ jobIds: [f.othersJobId], days: 1.5 }),
    code: "invalid_input",
  },
  {
    label: "extend: a staff job, not an onboarding one",
    who: "product",
    command: extendOnboardingJobs,
    input: (f) => ({ jobIds: [f.staffJobId], days: 7 }),
  },
  {
    label: "cancel onboarding: no reason",
    who: "product",
    command: cancelOnboardingJobs,
    input: (f) => ({ jobIds: [f.othersJobId] }),
    code: "invalid_input",
  },
  {
    label: "cancel onboarding: NUL in the reason",
    who: "product",
    command: cancelOnboardingJobs,
    input: (f) => ({ jobIds: [f.othersJobId], reason: `gone${NUL}` }),
    code: "invalid_input",
  },
  {
    label: "cancel onboarding: replayed by staff",
    who: "staff",
    command: cancelOnboardingJobs,
    input: (f) => ({ jobIds: [f.othersJobId], reason: "gone" }),
    code: "forbidden",
  },

  // Notes on a staff job (lib/notes)
  { label: "note: nothing sent", who: "staff", command: writeStaffJobNote, input: (f) => ({ jobId: f.staffJobId }), code: "invalid_input" },
  {
    label: "note: a 1 MB body",
    who: "staff",
    command: writeStaffJobNote,
    input: (f) => ({ jobId: f.staffJobId, body: HUGE }),
    code: "invalid_input",
  },
  {
    label: "note: NUL in the body",
    who: "staff",
    command: writeStaffJobNote,
    input: (f) => ({ jobId: f.staffJobId, body: `hello${NUL}` }),
    code: "invalid_input",
  },
  {
    label: "note: half an emoji in the body",
    who: "staff",
    command: writeStaffJobNote,
    input: (f) => ({ jobId: f.staffJobId, body: `hello${HALF_EMOJI}` }),
    code: "invalid_input",
  },
  {
    label: "note: replayed by a plain user",
    who: "me",
    command: writeStaffJobNote,
    input: (f) => ({ jobId: f.staffJobId, body: "hello" }),
    code: "forbidden",
  },
  {
    label: "note: on a person's own job, not a staff job",
    who: "staff",
    command: writeStaffJobNote,
    input: (f) => ({ jobId: f.othersJobId, body: "hello" }),
    code: "not_allowed",
  },
  {
    label: "note: on no job",
    who: "staff",
    command: writeStaffJobNote,
    input: () => ({ jobId: NOBODY, body: "hello" }),
    code: "not_found",
  },
  {
    label: "edit note: no such note",
    who: "staff",
    command: editStaffJobNote,
    input: () => ({ noteId: NOBODY, body: "hi" }),
    code: "not_found",
  },
  {
    label: "delete note: not an id",
    who: "staff",
    command: deleteStaffJobNote,
    input: () => ({ noteId: "1 OR 1=1" }),
    code: "invalid_input",
  },
];

let t: TestDatabase;
let fixtures: Fixtures;
const people = {} as Record<Exclude<Who, "signed out">, UserRow>;

let stopJobs: () => void;

beforeAll(async () => {
  // As the web server runs: the receivers (notifications, invites, webhooks) connected.
  stopJobs = startJobs();
  t = await createTestDatabase({ poolMax: 4 });
  const [me, other, owner, staff, product, admin] = await Promise.all([
    createUser(t.prisma),
    createUser(t.prisma),
    createUser(t.prisma),
    createUser(t.prisma, { role: "staff" }),
    createUser(t.prisma, { role: "product" }),
    createUser(t.prisma, { role: "admin" }),
  ]);
  Object.assign(people, { me, staff, product, admin });
  await requestOnboardingJobs(t.prisma, me.id);
  await requestOnboardingJobs(t.prisma, other.id);
  const document = await uploadDocument(t.prisma, owner.id, { name: "passport.pdf", type: "application/pdf", bytes: SAMPLE_PDF });
  const staffJob = await t.prisma.job.findFirstOrThrow({ where: { jobType: "staff.review-document", targetId: document.id } });
  const jobOf = (userId: string) =>
    t.prisma.job.findFirstOrThrow({ where: { targetId: userId, jobType: "onboarding.read-guide", status: "pending" } });
  const othersJob = await jobOf(other.id);
  // Requesting onboarding jobs notifies the person: one of those notifications is theirs alone.
  const notification = await t.prisma.notification.findFirstOrThrow({ where: { recipientId: other.id } });
  fixtures = {
    myJobId: (await jobOf(me.id)).id,
    othersJobId: othersJob.id,
    staffJobId: staffJob.id,
    documentId: document.id,
    othersNotificationId: notification.id,
    othersVerifyToken: createVerifyEmailToken(other.id),
    plainUserId: other.id,
  };
});

afterAll(async () => {
  stopJobs?.();
  await t?.close();
});

/** Every row of every table, as one string per table: any insert, update or delete changes it. */
async function snapshot(): Promise<Record<string, string>> {
  // The app's tables and the engine's (jobs and their events live in its own schema).
  const tables = await t.prisma.$queryRaw<{ schema: string; name: string }[]>`
    SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
    WHERE table_schema IN ('public', ${JOBS_SCHEMA}) AND table_type = 'BASE TABLE'
      AND table_name NOT IN ('_prisma_migrations', 'migrations') ORDER BY 1, 2`;
  const result: Record<string, string> = {};
  for (const { schema, name } of tables) {
    // Table names come from the catalogue above, not from input.
    const quoted = [schema, name].map((part) => `"${part.replace(/"/g, '""')}"`).join(".");
    const [row] = await t.prisma.$queryRawUnsafe<{ digest: string | null }[]>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${quoted} t`,
    );
    result[`${schema}.${name}`] = row?.digest ?? "empty";
  }
  return result;
}

test("the corpus has at least 60 rows", () => {
  expect(CORPUS.length).toBeGreaterThanOrEqual(60);
});

test.each(CORPUS.map((row) => [row.label, row] as const))("%s: refused with a message, nothing written", async (_label, row) => {
  const actor = row.who === "signed out" ? null : actorOf(people[row.who]);
  const before = await snapshot();
  const jobsBefore = await t.prisma.job.count();

  const result = await row.command.run(actor, row.input(fixtures), { db: t.prisma });

  expect(result.ok, "refused").toBe(false);
  if (result.ok) return;
  expect(result.error.code, result.error.message).not.toBe("internal");
  if (row.code) expect(result.error.code).toBe(row.code);
  expect(result.error.message.length).toBeGreaterThan(10);
  // What a person is shown is never a stack trace or the database's words.
  expect(result.error.message).not.toMatch(/prisma|postgres|invocation|\bat \w+ \(|violates|syntax/i);

  const after = await snapshot();
  if (row.reportsToStaff) {
    // Reported to staff as one "refused upload" job, and nothing else: no document.
    expect(after.documents).toBe(before.documents);
    const reports = await t.prisma.job.findMany({ where: { jobType: "staff.rejected-upload" }, orderBy: { createdAt: "desc" }, take: 1 });
    expect(await t.prisma.job.count()).toBeLessThanOrEqual(jobsBefore + 1);
    expect(reports[0]?.targetId).toBe(people.me.id);
  } else {
    expect(after).toEqual(before);
  }
});
