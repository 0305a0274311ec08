import Link from "next/link";
import { Card } from "@/components/ui/card";

export default function NotFound() {
  return (
    <Card as="section" className="mx-auto max-w-lg text-center" aria-labelledby="not-found-title">
      <h1 id="not-found-title" className="text-2xl font-semibold text-slate-900">
        Page not found
      </h1>
      <p className="mt-2 text-slate-600">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <Link href="/" className="mt-4 inline-flex min-h-11 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700">
        Go to your home page
      </Link>
    </Card>
  );
}
