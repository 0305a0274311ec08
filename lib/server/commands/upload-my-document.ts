import "server-only";
import { z } from "zod";
import { uploadDocument } from "@/lib/documents/upload-document";
import { command } from "../command";

const CHOOSE_A_FILE = "Choose a file to upload.";

export const uploadMyDocumentSchema = z.object({
  // Only "is there a file" is checked here. Its type and size are the
  // domain's rules: it refuses a wrong one AND reports it to staff, which a
  // schema check here would skip.
  file: z
    .file({ error: CHOOSE_A_FILE })
    // A form whose file input was left empty still sends a nameless, empty file.
    .refine((file) => file.name !== "" || file.size > 0, CHOOSE_A_FILE)
    // Other odd characters in a name are cleaned by the domain; a NUL says the name was forged.
    .refine((file) => !file.name.includes("\u0000"), "The file's name contains a NUL character. Rename the file and upload it again."),
});
export type UploadMyDocumentInput = z.infer<typeof uploadMyDocumentSchema>;

/** A person uploads a verification document of their own. */
export const uploadMyDocument = command({ name: "uploadMyDocument", input: uploadMyDocumentSchema }, async ({ actor, input, db }) => {
  const { file } = input;
  return uploadDocument(db, actor.id, { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) });
});
