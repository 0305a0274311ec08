"use client";

import { errorDigest } from "@/components/error-digest";
import "./globals.css";

// Replaces the root layout when the layout itself fails (for example the
// database is unreachable while reading the session), so even then the
// person sees a plain message and a way to retry, never a stack trace.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = errorDigest(error);
  return (
    <html lang="en">
      <body className="flex min-h-dvh items-center justify-center p-4 font-sans">
        <main className="max-w-md text-center">
          <h1 className="text-2xl font-semibold text-slate-900">jtbd is having trouble</h1>
          <p className="mt-2 text-slate-600">We could not load the app just now. Please try again in a moment.</p>
          {digest && <p className="mt-2 text-xs text-slate-500">Reference: {digest}</p>}
          <button
            type="button"
            onClick={retry}
            className="mt-4 min-h-11 rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
