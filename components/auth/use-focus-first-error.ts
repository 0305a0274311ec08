"use client";

import { useEffect, useRef } from "react";

/**
 * After a refused submit, moves keyboard focus to the first invalid field, or
 * to the form's error message when no field is to blame. The submit button
 * was disabled while pending, which drops focus; this puts it somewhere useful.
 */
export function useFocusFirstError<T>(state: T | null) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!state) return;
    const form = formRef.current;
    const target = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>("[data-form-error]");
    target?.focus();
  }, [state]);
  return formRef;
}
