import { useId, type ReactNode } from "react";
import { Card } from "./card";

export interface CardSectionProps {
  /** The section's heading (an h2), which also names the section for assistive technology. */
  title: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A card that is a titled section of the page. */
export function CardSection({ title, className, children }: CardSectionProps) {
  const headingId = useId();
  return (
    <Card as="section" aria-labelledby={headingId} className={className}>
      <h2 id={headingId} className="mb-3 text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </Card>
  );
}
