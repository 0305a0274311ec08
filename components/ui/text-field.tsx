import type { ComponentProps } from "react";
import { cn } from "./cn";

export interface TextFieldProps extends Omit<ComponentProps<"input">, "id" | "name"> {
  name: string;
  label: string;
  /** Shown under the label; linked to the input so screen readers read it too. */
  hint?: string;
  errors?: string[];
  /** Defaults to `field-<name>`; set it when one page has two fields of the same name. */
  id?: string;
}

/** A labelled input with its hint and errors wired up for assistive tech (aria-describedby, aria-invalid). */
export function TextField({ name, label, hint, errors, id = `field-${name}`, className, ...props }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        className={cn(
          "min-h-11 rounded-md border bg-white px-3 text-base text-slate-900 shadow-sm placeholder:text-slate-400",
          errorId ? "border-red-600" : "border-slate-300",
        )}
        {...props}
      />
      {errorId && (
        <ul id={errorId} className="text-sm text-red-700">
          {errors!.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
