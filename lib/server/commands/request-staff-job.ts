import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { jobRequested, jobTypeKey, jobTypes } from "@/lib/jobs";
import { requestStaffJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { requireStaffAssignee } from "./assign-staff-job";

/** Staff open a job in a staff queue (for example "look into this refused upload"). */
export const requestStaffJob = command(
  { name: "requestStaffJob", input: requestStaffJobSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const definition = jobTypes.get(input.jobType);
    if (!definition) {
      throw new AppError("unknown_job_type", "That job type does not exist.", {
        fieldErrors: { jobType: ["Choose a job type from the list."] },
      });
    }
    if (definition.audience !== "staff") {
      throw new AppError("not_allowed", `"${definition.title}" is a job for users, not a staff job, so it cannot be requested here.`, {
        fieldErrors: { jobType: ["Choose a staff job type."] },
      });
    }
    if (definition.retired) {
      const instead = definition.replacedBy ? ` Use "${jobTypes.get(definition.replacedBy)?.title ?? definition.replacedBy}" instead.` : "";
      throw new AppError("not_allowed", `"${definition.title}" is retired: no new jobs of this kind can be opened.${instead}`, {
        fieldErrors: { jobType: [`This job type is retired.${instead}`] },
      });
    }
    if (input.assigneeId) await requireStaffAssignee(db, input.assigneeId);
    const { job } = await jobRequested(db, {
      target: input.target,
      jobType: jobTypeKey(definition.key),
      metadata: input.note ? { note: input.note } : {},
      assignedTo: input.assigneeId ?? null,
      priority: input.priority,
      // Omitted: the type's default due date.
      ...(input.dueAt ? { dueAt: input.dueAt } : {}),
      sender: "requestStaffJob",
      by: actor.id,
      source: "staff",
    });
    return { jobId: job.id };
  },
);
