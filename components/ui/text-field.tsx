import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

interface FieldProps {
  name: string;
  label: ReactNode;
  /** Shown under the label; linked to the control so screen readers read it too. */
  hint?: string;
  errors?: string[];
  /** Defaults to `field-<name>`; set it when one page has two fields of the same name. */
  id?: string;
}

export type TextFieldProps = FieldProps & Omit<ComponentProps<"input">, "id" | "name">;
export type TextAreaFieldProps = FieldProps & Omit<ComponentProps<"textarea">, "id" | "name">;

interface ControlProps {
  id: string;
  name: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  className: string;
}

/** The label, hint and errors around one form control, wired up for assistive tech (aria-describedby, aria-invalid). */
function Field({
  name,
  label,
  hint,
  errors,
  id = `field-${name}`,
  className,
  control,
}: FieldProps & { className?: string; control: (props: ControlProps) => ReactNode }) {
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
      {control({
        id,
        name,
        "aria-invalid": errorId ? true : undefined,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
        className: cn(
          "rounded-md border bg-white px-3 text-base text-slate-900 shadow-sm placeholder:text-slate-400",
          errorId ? "border-red-600" : "border-slate-300",
        ),
      })}
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

/** A labelled one-line input with its hint and errors. */
export function TextField({ name, label, hint, errors, id, className, ...props }: TextFieldProps) {
  return (
    <Field
      {...{ name, label, hint, errors, id, className }}
      control={({ className: controlClass, ...control }) => <input {...control} className={cn("min-h-11", controlClass)} {...props} />}
    />
  );
}

/** A labelled multi-line input with its hint and errors. */
export function TextAreaField({ name, label, hint, errors, id, className, rows = 2, ...props }: TextAreaFieldProps) {
  return (
    <Field
      {...{ name, label, hint, errors, id, className }}
      control={({ className: controlClass, ...control }) => (
        <textarea {...control} rows={rows} className={cn("py-2", controlClass)} {...props} />
      )}
    />
  );
}
