import { AREA_ROLES, hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/server/db";
import { getDocumentFile } from "@/lib/server/queries/document-file";
import { getActor } from "@/lib/server/session";
import { isAcceptedDocumentType } from "@/lib/validation/documents";

// The file of a verification document, for staff reviewing it. Layouts do
// not wrap route handlers, so the role is checked here. Only the types the
// upload accepts are served as themselves; anything else (older rows, a
// future bug) is a download, never rendered by the browser as, say, HTML.

function refusal(status: 401 | 403 | 404, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
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
      // Personal documents: never kept by shared caches.
      "Cache-Control": "private, no-store",
    },
  });
}
