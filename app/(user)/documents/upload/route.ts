import { revalidatePath } from "next/cache";
import { HTTP_STATUS } from "@/lib/errors";
import { log } from "@/lib/log";
import { uploadMyDocument } from "@/lib/server/commands/upload-my-document";
import { type Actor, getActor } from "@/lib/server/session";
import { type ActionResult, actionError } from "@/lib/validation/action-result";
import { DOCUMENT_MAX_BYTES } from "@/lib/validation/documents";

// Document uploads come here, not through a server action: a server action's
// body is capped at 1 MB unless next.config raises it for every action, and
// only a plain POST lets the browser report upload progress. The route is as
// thin as an action: who is asking (from the session), then the command,
// which validates and calls the domain; its answer goes back as JSON with the
// error's HTTP status.

// A body this much over the document limit cannot hold an acceptable file;
// refuse it before reading it into memory. The slack covers the multipart
// framing and lets a slightly-too-large file reach the domain, which refuses
// it with its own message and tells staff.
const BODY_LIMIT_BYTES = DOCUMENT_MAX_BYTES + 256 * 1024;

const TOO_LARGE = `The file is too large: the limit is ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB.`;

function answer(result: ActionResult<unknown>): Response {
  return Response.json(result, { status: result.ok ? 201 : HTTP_STATUS[result.error.code] });
}

/**
 * Server actions get a same-origin check from Next; a route handler must do
 * its own, or another site could post a file with the person's cookie. A
 * request without an Origin header is not from a browser form on another site.
 */
function fromThisSite(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  return URL.canParse(origin) && new URL(origin).host === host;
}

export async function POST(request: Request): Promise<Response> {
  if (!fromThisSite(request)) {
    log.warn("upload refused: cross-site request", { origin: request.headers.get("origin") });
    return answer(actionError("forbidden", "Uploads are only accepted from this site's own pages."));
  }

  let actor: Actor | null;
  try {
    actor = await getActor();
  } catch (error) {
    log.error("upload could not read the session", { error });
    return answer(actionError("internal", "We could not check who you are just now. Please try again in a moment."));
  }
  // Checked before the body is read, so a signed-out caller costs nothing.
  if (!actor) return answer(actionError("unauthenticated", "Your session has ended. Please sign in again."));

  const length = Number(request.headers.get("content-length"));
  if (!Number.isFinite(length) || length <= 0) {
    return answer(actionError("invalid_input", "Choose a file to upload.", { file: ["Choose a file to upload."] }));
  }
  if (length > BODY_LIMIT_BYTES) {
    log.info("upload refused before reading: body too large", { actorId: actor.id, length });
    return answer(actionError("invalid_input", TOO_LARGE, { file: [TOO_LARGE] }));
  }

  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    log.warn("upload body could not be read as a form", { actorId: actor.id, error });
    const message = "We could not read that upload. Please choose the file again and retry.";
    return answer(actionError("invalid_input", message, { file: [message] }));
  }

  const result = await uploadMyDocument.run(actor, { file: form.get("file") ?? undefined });
  if (result.ok) {
    revalidatePath("/documents");
    revalidatePath("/todo");
  }
  return answer(result);
}
