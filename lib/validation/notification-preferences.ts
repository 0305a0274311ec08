/** The notification settings form: what it shows and what its action saves. */
export interface NotificationPreferences {
  emailReminders: boolean;
}
