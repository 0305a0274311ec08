"use client";

import { errorDigest } from "@/components/error-digest";
import { MessagePage } from "@/components/ui/message-page";

// The todo list could not be read (the database is unreachable, say). Says so
// in the list's own words and offers a retry that fetches again (Next 16's
// `retry`); only the digest, which matches the server log line, is shown.
export default function TodoError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <MessagePage title="We could not load your jobs" reference={errorDigest(error)} action={{ label: "Try again", onClick: retry }}>
      Nothing is lost: your jobs are still there. Please try again in a moment.
    </MessagePage>
  );
}
