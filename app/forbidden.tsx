import Link from "next/link";
import { Card } from "@/components/ui/card";

// Rendered, with status 403, when a page calls forbidden() (see requireRole).
export default function Forbidden() {
  return (
    <Card as="section" className="mx-auto max-w-lg text-center" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title" className="text-2xl font-semibold text-slate-900">
        You don&apos;t have access to this page
      </h1>
      <p className="mt-2 text-slate-600">Your account&apos;s role does not include this area. If you need it, ask an admin to change your role.</p>
      <Link href="/" className="mt-4 inline-flex min-h-11 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700">
        Go to your home page
      </Link>
    </Card>
  );
}
