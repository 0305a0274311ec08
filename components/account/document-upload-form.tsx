"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { ActionFailedError, failureMessage, runAction } from "@/components/actions/run-action";
import { useHydrated } from "@/components/actions/use-hydrated";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DOCUMENT_MAX_BYTES, DOCUMENT_TYPES } from "@/lib/validation/documents";
import { uploadWithProgress } from "./upload-with-progress";

const UPLOAD_URL = "/documents/upload";
const MAX_MB = DOCUMENT_MAX_BYTES / 1024 / 1024;
const ACCEPT = [...Object.keys(DOCUMENT_TYPES), ".pdf", ".png", ".jpg", ".jpeg"].join(",");
const TYPES = Object.values(DOCUMENT_TYPES);
const TYPE_LIST = `${TYPES.slice(0, -1).join(", ")} or ${TYPES.at(-1)}`;

interface UploadedDocument {
  fileName: string;
}

/**
 * Uploads one verification document with a progress bar. Whether the file's
 * type is accepted is the server's call (a refused upload is reported to our
 * staff, so someone can help); the message appears under the field. A file
 * over the size limit is stopped here, before minutes of uploading.
 */
export function DocumentUploadForm() {
  const router = useRouter();
  const id = useId();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  const upload = useMutation({
    mutationKey: ["documents", "upload"],
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append("file", file);
      setSent(0);
      return runAction(() => uploadWithProgress<UploadedDocument>(UPLOAD_URL, body, setSent));
    },
    onSuccess: () => {
      formRef.current?.reset();
      // The list and the todo list changed on the server: fetch this page again.
      router.refresh();
    },
    onError: () => inputRef.current?.focus(),
    onSettled: () => setSent(null),
  });

  const serverFieldError = upload.error instanceof ActionFailedError ? upload.error.error.fieldErrors?.file?.[0] : undefined;
  const fieldError = localError ?? serverFieldError ?? null;
  const formError = !localError && upload.isError && !serverFieldError ? failureMessage(upload.error) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    upload.reset();
    if (!file) {
      setLocalError("Choose a file to upload.");
      inputRef.current?.focus();
      return;
    }
    if (file.size > DOCUMENT_MAX_BYTES) {
      setLocalError(`The file is too large: the limit is ${MAX_MB} MB.`);
      inputRef.current?.focus();
      return;
    }
    setLocalError(null);
    upload.mutate(file);
  }

  const percent = sent === null ? null : Math.round(sent * 100);
  const describedBy = [`${id}-hint`, fieldError ? `${id}-error` : null].filter(Boolean).join(" ");

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-4">
      {upload.isSuccess && (
        <Alert tone="success" title="Document uploaded">
          We have {upload.data.fileName} and will review it, usually within a day.
        </Alert>
      )}
      {formError && <Alert tone="error">{formError}</Alert>}
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-file`} className="text-sm font-medium text-slate-800">
          Document
        </label>
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          A {TYPE_LIST} file, up to {MAX_MB} MB: a passport, ID card or company registration.
        </p>
        <input
          ref={inputRef}
          id={`${id}-file`}
          name="file"
          type="file"
          accept={ACCEPT}
          required
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={describedBy}
          onChange={() => {
            setLocalError(null);
            upload.reset();
          }}
          className={cn(
            "min-h-11 rounded-md border bg-white p-1.5 text-sm text-slate-900 shadow-sm file:mr-3 file:min-h-8 file:rounded file:border-0 file:bg-slate-100 file:px-3 file:font-medium file:text-slate-900 hover:file:bg-slate-200",
            fieldError ? "border-red-600" : "border-slate-300",
          )}
        />
        {/* Always present, so a new message is announced where the field is. */}
        <p id={`${id}-error`} aria-live="polite" className="text-sm text-red-700">
          {fieldError}
        </p>
      </div>
      {percent !== null && (
        <div className="flex items-center gap-3">
          <progress
            id={`${id}-progress`}
            max={100}
            value={percent}
            aria-label="Upload progress"
            className="h-2 w-full max-w-xs accent-indigo-600"
          />
          <span className="text-sm text-slate-700" aria-hidden="true">
            {percent < 100 ? `${percent}%` : "Checking…"}
          </span>
        </div>
      )}
      <noscript>
        <p className="text-sm text-slate-700">Uploading needs JavaScript. Please turn it on for this site.</p>
      </noscript>
      {/* Disabled until hydrated: before that, a click would submit the form natively, without the file. */}
      <Button type="submit" disabled={!hydrated} pending={upload.isPending} pendingLabel="Uploading…" className="self-start">
        Upload document
      </Button>
    </form>
  );
}
