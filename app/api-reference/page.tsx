import type { Metadata } from "next";
import { SwaggerUi } from "@/components/api-reference/swagger-ui";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "API reference" };

// The reference of /api/v1, rendered by Swagger UI (swagger-ui-dist) from the
// generated OpenAPI document. Public, like the document itself.
export default function ApiReferencePage() {
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
      <SwaggerUi />
    </>
  );
}
