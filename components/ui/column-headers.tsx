import { cn } from "./cn";

export interface Column {
  label: string;
  align?: "left" | "right";
}

/**
 * A table's column headings, one `th scope="col"` each, in a shared style;
 * `className` adds the table's own (padding, weight).
 */
export function ColumnHeaders({ columns, className }: { columns: readonly (string | Column)[]; className?: string }) {
  return columns.map((column) => {
    const { label, align = "left" } = typeof column === "string" ? { label: column } : column;
    return (
      <th key={label} scope="col" className={cn("px-3 py-2", align === "right" ? "text-right" : "text-left", className)}>
        {label}
      </th>
    );
  });
}
