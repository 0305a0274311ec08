import type { Metadata } from "next";
import { NotificationPreferencesForm } from "@/components/notifications/notification-preferences-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/server/db";
import { requireUser } from "@/lib/server/session";
import { getMyNotificationPreferences } from "./get-my-notification-preferences";

export const metadata: Metadata = { title: "Email preferences" };

export default async function NotificationSettingsPage() {
  const actor = await requireUser();
  const preferences = await getMyNotificationPreferences(db, actor.id);
  return (
    <>
      <PageHeader title="Email preferences">Which emails we send to {preferences.email}.</PageHeader>
      <Card className="max-w-xl">
        <NotificationPreferencesForm saved={{ emailReminders: preferences.emailReminders }} />
      </Card>
    </>
  );
}
