import { formatDistance } from "date-fns";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "./status-badge";

export interface InviteListItem {
  id: string;
  email: string;
  status: "sent" | "bounced" | "accepted";
  bounce: string | null;
  createdAt: Date;
}

const STATUS = {
  sent: { label: "Sent", tone: "neutral" },
  accepted: { label: "Accepted", tone: "success" },
  bounced: { label: "Bounced", tone: "danger" },
} as const;

/** The invitations a person sent, with their status; a bounced one says what happened and what happens next. */
export function InviteList({ invites, now, labelledBy }: { invites: InviteListItem[]; now: Date; labelledBy: string }) {
  if (invites.length === 0) return <EmptyState title="No invitations yet">The people you invite will be listed here.</EmptyState>;
  return (
    <ul aria-labelledby={labelledBy} className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {invites.map((invite) => (
        <li key={invite.id} className="flex flex-col gap-1 px-4 py-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span className="font-medium break-all text-slate-900">{invite.email}</span>
            <StatusBadge tone={STATUS[invite.status].tone}>{STATUS[invite.status].label}</StatusBadge>
          </div>
          <p className="text-sm text-slate-600">
            Sent{" "}
            <time dateTime={invite.createdAt.toISOString()}>{formatDistance(invite.createdAt, now, { addSuffix: true })}</time>
          </p>
          {invite.status === "bounced" && (
            <p className="text-sm text-red-800">
              This invitation bounced: the address could not receive mail. Check it with your teammate; our staff have been told.
              {invite.bounce && <span className="mt-1 block text-xs text-slate-600">Details: {invite.bounce}</span>}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
