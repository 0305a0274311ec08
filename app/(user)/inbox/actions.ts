"use server";

import { serverAction } from "@/lib/server/action";
import { markAllMyNotificationsRead } from "@/lib/server/commands/mark-all-my-notifications-read";
import { markMyNotificationRead } from "@/lib/server/commands/mark-my-notification-read";

// The inbox page and the site header's count both change: revalidating the
// page renders the layout (and so the bell's count) again too.
export const markNotificationReadAction = serverAction(markMyNotificationRead, { revalidate: ["/inbox"] });
export const markAllNotificationsReadAction = serverAction(markAllMyNotificationsRead, { revalidate: ["/inbox"] });
