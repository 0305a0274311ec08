import { TimeAgo } from "@/components/ui/time-ago";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusList, StatusListItem } from "./status-list";

export interface InviteListItem {
  id: string;
  email: string;
  status: "sending" | "sent" | "bounced" | "accepted";
  bounce: string | null;
  createdAt: Date;
}

const STATUS = {
  sending: { label: "On its way", tone: "neutral" },
  sent: { label: "Delivered", tone: "neutral" },
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
            Invited <TimeAgo date={invite.createdAt} now={now} />
          </p>
          {invite.status === "sending" && (
            <p className="text-sm text-slate-600">The email is on its way; this says “Delivered” once their mail server accepts it.</p>
          )}
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
