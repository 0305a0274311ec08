"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

// The last resort for an unexpected failure while rendering a page. In
// production Next replaces the error's message with a digest, so nothing
// internal reaches the browser; the digest matches the server log line.
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Card as="section" className="mx-auto max-w-lg text-center" aria-labelledby="error-title">
      <h1 id="error-title" className="text-2xl font-semibold text-slate-900">
        Something went wrong
      </h1>
      <p className="mt-2 text-slate-600">We could not show this page just now. Please try again in a moment.</p>
      {error.digest && <p className="mt-2 text-xs text-slate-500">Reference: {error.digest}</p>}
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </Card>
  );
}
