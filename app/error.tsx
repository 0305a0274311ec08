"use client";

import { errorDigest } from "@/components/error-digest";
import { MessagePage } from "@/components/ui/message-page";

// The last resort for an unexpected failure while rendering a page. `retry`
// re-fetches and re-renders (Next 16; `reset` only re-renders). In
// production Next replaces the error's message with a digest, so nothing
// internal reaches the browser; the digest matches the server log line.
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <MessagePage title="Something went wrong" reference={errorDigest(error)} action={{ label: "Try again", onClick: retry }}>
      We could not show this page just now. Please try again in a moment.
    </MessagePage>
  );
}
