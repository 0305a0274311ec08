"use client";

import { errorDigest } from "@/components/error-digest";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

// The todo list could not be read (the database is unreachable, say). Says so
// in the list's own words and offers a retry that fetches again (Next 16's
// `retry`); only the digest, which matches the server log line, is shown.
export default function TodoError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = errorDigest(error);
  return (
    <Card as="section" className="mx-auto max-w-lg text-center" aria-labelledby="todo-error-title">
      <h1 id="todo-error-title" className="text-2xl font-semibold text-slate-900">
        We could not load your jobs
      </h1>
      <p className="mt-2 text-slate-600">Nothing is lost: your jobs are still there. Please try again in a moment.</p>
      {digest && <p className="mt-2 text-xs text-slate-500">Reference: {digest}</p>}
      <Button className="mt-4" onClick={retry}>
        Try again
      </Button>
    </Card>
  );
}
