import type { Metadata } from "next";
import { headers } from "next/headers";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "API reference" };

/** The nonce the proxy put in this request's CSP: scripts without it do not run. */
async function scriptNonce(): Promise<string | undefined> {
  return /'nonce-([^']+)'/.exec((await headers()).get("content-security-policy") ?? "")?.[1];
}

// The reference of /api/v1, rendered by Swagger UI (swagger-ui-dist) from the
// generated OpenAPI document. Public, like the document itself.
export default async function ApiReferencePage() {
  const nonce = await scriptNonce();
  return (
    <>
      <PageHeader title="API reference">
        Call the jobs API with an API key: <code>Authorization: Bearer jtbd_…</code>. The document itself is at{" "}
        <a className="underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>
        .
      </PageHeader>
      {/* swagger-ui-dist's own stylesheet, from our origin; not part of our CSS build. */}
      {/* eslint-disable-next-line @next/next/no-css-tags */}
      <link rel="stylesheet" href="/api-reference/assets/swagger-ui.css" precedence="default" />
      <div id="swagger-ui" className="rounded-lg bg-white" />
      <script src="/api-reference/assets/swagger-ui-bundle.js" nonce={nonce} defer />
      <script src="/api-reference-init.js" nonce={nonce} defer />
    </>
  );
}
