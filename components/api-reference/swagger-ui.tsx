"use client";

import Script from "next/script";

declare global {
  interface Window {
    SwaggerUIBundle?: (options: { url: string; dom_id: string; deepLinking?: boolean }) => unknown;
  }
}

/**
 * Swagger UI (swagger-ui-dist) on the generated OpenAPI document. Its bundle
 * comes from our own origin and is loaded by Next's own (nonced) scripts, so
 * the pages' CSP ('strict-dynamic') lets it run; no inline script is needed.
 */
export function SwaggerUi() {
  return (
    <>
      <div id="swagger-ui" className="rounded-lg bg-white" />
      <Script
        src="/api-reference/assets/swagger-ui-bundle.js"
        strategy="afterInteractive"
        onReady={() => {
          window.SwaggerUIBundle?.({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
        }}
      />
    </>
  );
}
