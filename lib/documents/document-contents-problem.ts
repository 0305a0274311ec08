import { fileTypeFromBuffer } from "file-type";
import { DOCUMENT_TYPES, type DocumentContentType } from "@/lib/validation/documents";

/**
 * Whether a file's first bytes are those of the type it was declared as. The
 * browser's declared type is the file name's extension at best, and whatever
 * the sender likes at worst: HTML declared as a PDF would otherwise be stored
 * and served as one. Returns the message for the person, or null when it matches.
 */
export async function documentContentsProblem(declared: DocumentContentType, bytes: Uint8Array): Promise<string | null> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected?.mime === declared) return null;
  const names = Object.values(DOCUMENT_TYPES);
  const accepted = `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
  const found = detected ? `a ${detected.ext.toUpperCase()} file` : `not a ${accepted} file`;
  return `This file does not look like a ${DOCUMENT_TYPES[declared]}: its contents are ${found}. Upload the document itself as a ${accepted} file.`;
}
