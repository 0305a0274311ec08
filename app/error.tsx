"use client";

import { errorDigest } from "@/components/error-digest";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

// The last resort for an unexpected failure while rendering a page. `retry`
// re-fetches and re-renders (Next 16; `reset` only re-renders). In
// production Next replaces the error's message with a digest, so nothing
// internal reaches the browser; the digest matches the server log line.
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = errorDigest(error);
  return (
    <Card as="section" className="mx-auto max-w-lg text-center" aria-labelledby="error-title">
      <h1 id="error-title" className="text-2xl font-semibold text-slate-900">
        Something went wrong
      </h1>
      <p className="mt-2 text-slate-600">We could not show this page just now. Please try again in a moment.</p>
      {digest && <p className="mt-2 text-xs text-slate-500">Reference: {digest}</p>}
      <Button className="mt-4" onClick={retry}>
        Try again
      </Button>
    </Card>
  );
}
