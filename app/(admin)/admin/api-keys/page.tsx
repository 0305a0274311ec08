import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeyForm } from "@/components/admin/api-key-form";
import { ApiKeyList } from "@/components/admin/api-key-list";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { apiKeys } from "@/lib/server/queries/api-keys";
import { db } from "@/lib/server/db";
import { requireRole } from "@/lib/server/session";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requireRole(...AREA_ROLES.admin);
  const keys = await apiKeys(db);
  const now = new Date();
  return (
    <>
      <PageHeader title="API keys">
        Services call the{" "}
        <Link className="underline" href="/api-reference">
          jobs API
        </Link>{" "}
        with a key. Webhooks are on the{" "}
        <Link className="underline" href="/admin/webhooks">
          webhooks page
        </Link>
        .
      </PageHeader>
      <div className="flex flex-col gap-6">
        <Card as="section" aria-labelledby="new-key" className="flex max-w-xl flex-col gap-4">
          <h2 id="new-key" className="text-lg font-semibold text-slate-900">
            New key
          </h2>
          <ApiKeyForm />
        </Card>
        <section aria-labelledby="keys" className="flex flex-col gap-3">
          <h2 id="keys" className="text-lg font-semibold text-slate-900">
            Keys
          </h2>
          <ApiKeyList keys={keys} now={now} />
        </section>
      </div>
    </>
  );
}
