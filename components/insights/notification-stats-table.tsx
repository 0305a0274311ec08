import { ColumnHeaders } from "@/components/ui/column-headers";
import { EmptyState } from "@/components/ui/empty-state";
import type { NotificationStatsRow } from "@/lib/notifications";
import { ScrollRegion } from "./scroll-region";

export interface NotificationStatsView extends NotificationStatsRow {
  /** "40%"; null when nothing was sent. */
  readRate: string | null;
  actionedRate: string | null;
}

const cell = "px-3 py-2 text-right tabular-nums";

/**
 * Per job type: notifications sent, read, and actioned (the job got done
 * within 7 days of the notification), with their rates: which notifications
 * lead to the job getting done.
 */
export function NotificationStatsTable({ rows }: { rows: NotificationStatsView[] }) {
  if (rows.length === 0) {
    return (
      <EmptyState title="No notifications sent yet">
        Once jobs send emails or in-app notifications, how many were read and acted on shows here.
      </EmptyState>
    );
  }
  return (
    <ScrollRegion label="Notifications table">
      <table className="w-full min-w-[44rem] border-collapse text-sm">
        <caption className="px-3 pb-2 text-left text-slate-600">
          Notifications per job type since the start: sent, read (in-app), and actioned — the job was done within 7 days of the
          notification.
        </caption>
        <thead className="border-b border-slate-200 text-slate-700">
          <tr>
            <ColumnHeaders
              className="font-medium"
              columns={[
                "Job type",
                ...["Sent", "Read", "Read rate", "Actioned within 7 days", "Actioned rate", "Failed to send"].map((label) => ({
                  label,
                  align: "right" as const,
                })),
              ]}
            />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.jobType} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="px-3 py-2 text-left font-normal">
                {row.title}
              </th>
              <td className={cell}>{row.sent}</td>
              <td className={cell}>{row.read}</td>
              <td className={cell}>{row.readRate ?? "—"}</td>
              <td className={cell}>{row.actioned}</td>
              <td className={cell}>{row.actionedRate ?? "—"}</td>
              <td className={cell}>{row.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
