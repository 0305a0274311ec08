"use server";

import { serverAction } from "@/lib/server/action";
import { deleteQueueView } from "@/lib/server/commands/delete-queue-view";
import { saveQueueView } from "@/lib/server/commands/save-queue-view";
import { updateQueueView } from "@/lib/server/commands/update-queue-view";

// The saved views of the staff queues: saved from a queue page, listed with
// their counts on the staff overview ("/staff", revalidated), renamed,
// shared or deleted there by their owner (the page comes back refreshed).

export const saveQueueViewAction = serverAction(saveQueueView, { revalidate: ["/staff"] });
export const updateQueueViewAction = serverAction(updateQueueView, { revalidate: ["/staff"], refresh: true });
export const deleteQueueViewAction = serverAction(deleteQueueView, { revalidate: ["/staff"], refresh: true });
