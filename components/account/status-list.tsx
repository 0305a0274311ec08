import type { ComponentProps, ReactNode } from "react";
import { StatusBadge } from "@/components/ui/status-badge";

/** A bordered list of things a person made (documents, invitations), each with its status. */
export function StatusList({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <ul aria-labelledby={labelledBy} className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {children}
    </ul>
  );
}

/** One entry: its name and status badge on a line, then whatever the entry has to say. */
export function StatusListItem({
  title,
  status,
  children,
}: {
  title: string;
  status: { label: string; tone: ComponentProps<typeof StatusBadge>["tone"] };
  children: ReactNode;
}) {
  return (
    <li className="flex flex-col gap-1 px-4 py-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium break-all text-slate-900">{title}</span>
        <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
      </div>
      {children}
    </li>
  );
}
