import "server-only";
import { cache } from "react";
import { unreadCount } from "@/lib/notifications";
import { db } from "../db";

/**
 * The signed-in person's unread count, counted once per request however many
 * parts of the page show it (the header's bell, the inbox page).
 */
export const myUnreadCount = cache((userId: string) => unreadCount(db, userId));
