import type { HTMLAttributes } from "react";
import { cn } from "./cn";

export interface CardProps extends HTMLAttributes<HTMLElement> {
  /** The element that fits the content: a section, a list item, an article… */
  as?: "div" | "section" | "li" | "article";
}

/** A white panel. */
export function Card({ as: Tag = "div", className, ...props }: CardProps) {
  return <Tag className={cn("rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6", className)} {...props} />;
}
