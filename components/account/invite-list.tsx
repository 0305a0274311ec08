import { TimeAgo } from "@/components/ui/time-ago";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusList, StatusListItem } from "./status-list";

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
    <StatusList labelledBy={labelledBy}>
      {invites.map((invite) => (
        <StatusListItem key={invite.id} title={invite.email} status={STATUS[invite.status]}>
          <p className="text-sm text-slate-600">
            Sent{" "}
            <TimeAgo date={invite.createdAt} now={now} />
          </p>
          {invite.status === "bounced" && (
            <p className="text-sm text-red-800">
              This invitation bounced: the address could not receive mail. Check it with your teammate; our staff have been told.
              {invite.bounce && <span className="mt-1 block text-xs text-slate-600">Details: {invite.bounce}</span>}
            </p>
          )}
        </StatusListItem>
      ))}
    </StatusList>
  );
}
