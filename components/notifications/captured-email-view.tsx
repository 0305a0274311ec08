import { format } from "date-fns";
import type { ReactNode } from "react";
import type { CapturedEmailRow } from "@/lib/notifications";

// The sandbox lets nothing in the email run: no scripts (no allow-scripts),
// an opaque origin (no allow-same-origin, so no cookies or storage of ours).
// Links still work: they open on top of the mailbox when clicked (<base
// target="_top">), which is how the verify-email link is followed end to end.
const SANDBOX = "allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

// Belt and braces with the sandbox: nothing is fetched (no tracking images,
// no remote styles), inline styles still apply.
const HEAD = `<base target="_top"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;

/** The email's HTML with our <base> and CSP first, after a doctype if it has one (so it keeps standards mode). */
function framed(html: string): string {
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html)?.[0] ?? "";
  return `${doctype}${HEAD}${html.slice(doctype.length)}`;
}

const URL_PATTERN = /(https?:\/\/[^\s<>"')]+)/g;

/** The text version with its web addresses as links (React escapes everything else). */
function linkified(text: string): ReactNode[] {
  return text.split(URL_PATTERN).map((part, i) =>
    i % 2 === 1 ? (
      <a key={i} href={part} className="break-all text-indigo-700 underline underline-offset-2">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/** One captured email: its headers, the HTML version rendered safely, and the text version. */
export function CapturedEmailView({ email }: { email: CapturedEmailRow }) {
  return (
    <article aria-labelledby="email-subject" className="flex flex-col gap-6">
      <header className="rounded-lg border border-slate-200 bg-white p-4">
        <h1 id="email-subject" className="text-xl font-semibold text-slate-900 sm:text-2xl">
          {email.subject}
        </h1>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium text-slate-700">To</dt>
          <dd className="break-all text-slate-900">{email.to}</dd>
          <dt className="font-medium text-slate-700">Date</dt>
          <dd className="text-slate-900">
            <time dateTime={email.createdAt.toISOString()}>{format(email.createdAt, "d MMM yyyy, HH:mm:ss")}</time>
          </dd>
        </dl>
      </header>

      {email.html && (
        <section aria-labelledby="email-html" className="flex flex-col gap-2">
          <h2 id="email-html" className="text-lg font-semibold text-slate-900">
            As the recipient sees it
          </h2>
          <iframe
            title={`Email: ${email.subject}`}
            sandbox={SANDBOX}
            srcDoc={framed(email.html)}
            className="h-[28rem] w-full rounded-lg border border-slate-200 bg-white"
          />
        </section>
      )}

      <section aria-labelledby="email-text" className="flex flex-col gap-2">
        <h2 id="email-text" className="text-lg font-semibold text-slate-900">
          Text version
        </h2>
        <pre className="overflow-x-auto whitespace-pre-wrap rounded-lg border border-slate-200 bg-white p-4 font-sans text-sm text-slate-900">
          {linkified(email.text)}
        </pre>
      </section>
    </article>
  );
}
