import Link from "next/link";
import { useId, type ReactNode } from "react";
import { Button } from "./button";
import { Card } from "./card";

export interface MessagePageProps {
  title: string;
  children: ReactNode;
  /** An error's digest: it matches the server's log line, and reveals nothing else. */
  reference?: string | null;
  /** What the person can do next: try again, or go somewhere. */
  action: { label: string; onClick: () => void } | { label: string; href: string };
}

/** A whole page that is one message (not found, no access, something failed) and one way on. */
export function MessagePage({ title, children, reference, action }: MessagePageProps) {
  const titleId = useId();
  return (
    <Card as="section" className="mx-auto max-w-lg text-center" aria-labelledby={titleId}>
      <h1 id={titleId} className="text-2xl font-semibold text-slate-900">
        {title}
      </h1>
      <p className="mt-2 text-slate-600">{children}</p>
      {reference && <p className="mt-2 text-xs text-slate-500">Reference: {reference}</p>}
      {"href" in action ? (
        <Link
          href={action.href}
          className="mt-4 inline-flex min-h-11 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
        >
          {action.label}
        </Link>
      ) : (
        <Button className="mt-4" onClick={action.onClick}>
          {action.label}
        </Button>
      )}
    </Card>
  );
}
