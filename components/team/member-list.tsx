import { StatusBadge } from "@/components/ui/status-badge";
import type { OrganisationMember } from "@/lib/server/queries/my-organisation";
import { MemberRoleButton } from "./member-role-button";

const ROLE: Record<OrganisationMember["role"], string> = { owner: "Owner", admin: "Admin", member: "Member" };

/** The people in a team with their roles; "you" marks the viewer. `canManage` (the owner): a button to change each other member's role. */
export function MemberList({
  members,
  viewerId,
  labelledBy,
  canManage = false,
}: {
  members: OrganisationMember[];
  viewerId: string;
  labelledBy: string;
  canManage?: boolean;
}) {
  return (
    <ul aria-labelledby={labelledBy} className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {members.map((member) => (
        <li key={member.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
          <div className="min-w-0">
            <p className="font-medium text-slate-900">
              {member.name}
              {member.id === viewerId && <span className="font-normal text-slate-600"> (you)</span>}
            </p>
            <p className="text-sm break-all text-slate-600">{member.email}</p>
          </div>
          <div className="flex items-center gap-2">
            <StatusBadge tone={member.role === "member" ? "neutral" : "success"}>{ROLE[member.role]}</StatusBadge>
            {canManage && member.role !== "owner" && <MemberRoleButton userId={member.id} name={member.name} role={member.role} />}
          </div>
        </li>
      ))}
    </ul>
  );
}
