import { openApiDocument } from "@/lib/api/openapi-document";

// Public, like any API's published description: it holds no data.
export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
