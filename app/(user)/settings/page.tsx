import { redirect } from "next/navigation";
import { requireUser } from "@/lib/server/session";

/** Settings has one page so far: the email preferences. */
export default async function SettingsPage() {
  await requireUser();
  redirect("/settings/notifications");
}
