"use server";

import { serverAction } from "@/lib/server/action";
import { completeMyJob } from "@/lib/server/commands/complete-my-job";
import { dismissMyJob } from "@/lib/server/commands/dismiss-my-job";
import { snoozeMyJob } from "@/lib/server/commands/snooze-my-job";

export const completeMyJobAction = serverAction(completeMyJob, { revalidate: ["/todo"] });
export const dismissMyJobAction = serverAction(dismissMyJob, { revalidate: ["/todo"] });
export const snoozeMyJobAction = serverAction(snoozeMyJob, { revalidate: ["/todo"] });
