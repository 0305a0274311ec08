"use server";

import { serverAction } from "@/lib/server/action";
import { cancelStaffJob } from "@/lib/server/commands/cancel-staff-job";
import { completeStaffJob } from "@/lib/server/commands/complete-staff-job";
import { requestStaffJob } from "@/lib/server/commands/request-staff-job";

export const requestStaffJobAction = serverAction(requestStaffJob, { revalidate: ["/staff"] });
export const completeStaffJobAction = serverAction(completeStaffJob, { revalidate: ["/staff"] });
export const cancelStaffJobAction = serverAction(cancelStaffJob, { revalidate: ["/staff"] });
