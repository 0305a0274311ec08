import { AREA_ROLES, hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/server/db";
import { getDocumentFile } from "@/lib/server/queries/document-file";
import { getActor } from "@/lib/server/session";
import { isAcceptedDocumentType } from "@/lib/validation/documents";

// The file of a verification document, for staff reviewing it. Layouts do
// not wrap route handlers, so the role is checked here. Only the types the
// upload accepts are served as themselves; anything else (older rows, a
// future bug) is a download, never rendered by the browser as, say, HTML.
// Uploads are checked by their first bytes, and still every file is served in
// a sandbox (no scripts, no forms, an origin of its own) as a second wall:
// Chromium's PDF viewer and image view work inside it (e2e/security.spec.ts).
// The proxy skips this route, so this policy is the only one.
const FILE_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

function refusal(status: 401 | 403 | 404, message: string): Response {
  return new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": FILE_POLICY },
  });
}

/** `filename` for old clients (ASCII only, quotes escaped) and `filename*` (RFC 6266/5987) with the real name. */
function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const actor = await getActor();
  if (!actor) return refusal(401, "Sign in to see this file.");
  if (!hasRole(actor.role, AREA_ROLES.staff)) return refusal(403, "Only staff may see uploaded documents.");

  const { id } = await params;
  const file = await getDocumentFile(db, id);
  if (!file) return refusal(404, "There is no such document.");

  const accepted = isAcceptedDocumentType(file.contentType);
  const download = !accepted || new URL(request.url).searchParams.has("download");
  const bytes = file.content;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": accepted ? file.contentType : "application/octet-stream",
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(download ? "attachment" : "inline", file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": FILE_POLICY,
      "Cross-Origin-Resource-Policy": "same-origin",
      // Personal documents: never kept by shared caches.
      "Cache-Control": "private, no-store",
    },
  });
}
