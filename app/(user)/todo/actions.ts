"use server";

import { serverAction } from "@/lib/server/action";
import { completeMyJob } from "@/lib/server/commands/complete-my-job";
import { dismissMyJob } from "@/lib/server/commands/dismiss-my-job";

export const completeMyJobAction = serverAction(completeMyJob, { revalidate: ["/todo"] });
export const dismissMyJobAction = serverAction(dismissMyJob, { revalidate: ["/todo"] });
