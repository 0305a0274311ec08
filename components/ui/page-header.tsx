import type { ReactNode } from "react";

/** The page's one h1 and an optional line on what the page is for. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{title}</h1>
      {children && <p className="mt-1 text-slate-600">{children}</p>}
    </header>
  );
}
