import { redirect } from "next/navigation";
import { requireUser } from "@/lib/server/session";

/** Settings opens on the account page; its nav leads to the email preferences. */
export default async function SettingsPage() {
  await requireUser();
  redirect("/settings/account");
}
