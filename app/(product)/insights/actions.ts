"use server";

import { serverAction } from "@/lib/server/action";
import { cancelOnboardingJobs } from "@/lib/server/commands/cancel-onboarding-jobs";
import { extendOnboardingJobs } from "@/lib/server/commands/extend-onboarding-jobs";

// The actor comes from the session inside serverAction and each command
// checks the role (product or admin) itself: the browser sends job ids and
// days or a reason, nothing else.
export const extendOnboardingJobsAction = serverAction(extendOnboardingJobs, { revalidate: ["/insights"] });
export const cancelOnboardingJobsAction = serverAction(cancelOnboardingJobs, { revalidate: ["/insights"] });
