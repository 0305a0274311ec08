"use server";

import { serverAction } from "@/lib/server/action";
import { assignStaffJob } from "@/lib/server/commands/assign-staff-job";
import { bulkStaffJobAction as bulkStaffJobCommand } from "@/lib/server/commands/bulk-staff-job-action";
import { cancelStaffJob } from "@/lib/server/commands/cancel-staff-job";
import { claimStaffJob } from "@/lib/server/commands/claim-staff-job";
import { completeStaffJob } from "@/lib/server/commands/complete-staff-job";
import { deleteStaffJobNote } from "@/lib/server/commands/delete-staff-job-note";
import { editStaffJobNote } from "@/lib/server/commands/edit-staff-job-note";
import { reopenStaffJob } from "@/lib/server/commands/reopen-staff-job";
import { reviewStaffDocument } from "@/lib/server/commands/review-staff-document";
import { snoozeStaffJob } from "@/lib/server/commands/snooze-staff-job";
import { unassignStaffJob } from "@/lib/server/commands/unassign-staff-job";
import { writeStaffJobNote } from "@/lib/server/commands/write-staff-job-note";

// Every staff action: the actor comes from the session inside serverAction,
// the command checks the role and validates. "/staff" (the overview's counts)
// is revalidated, and the page the person is on (a queue, a job, a document)
// comes back with the action's result, rendered afresh.

const options = { revalidate: ["/staff"], refresh: true };

export const completeStaffJobAction = serverAction(completeStaffJob, options);
export const cancelStaffJobAction = serverAction(cancelStaffJob, options);
export const claimStaffJobAction = serverAction(claimStaffJob, options);
export const unassignStaffJobAction = serverAction(unassignStaffJob, options);
export const assignStaffJobAction = serverAction(assignStaffJob, options);
export const bulkStaffJobAction = serverAction(bulkStaffJobCommand, options);
export const reviewDocumentAction = serverAction(reviewStaffDocument, options);
export const snoozeStaffJobAction = serverAction(snoozeStaffJob, options);
export const reopenStaffJobAction = serverAction(reopenStaffJob, options);
// A note is a first action on its job (the overview's SLA figures read it).
export const writeStaffJobNoteAction = serverAction(writeStaffJobNote, options);
export const editStaffJobNoteAction = serverAction(editStaffJobNote, options);
export const deleteStaffJobNoteAction = serverAction(deleteStaffJobNote, options);
