/** The id Next gives a server error (it matches the server's log line); absent for errors thrown in the browser. */
export function errorDigest(error: unknown): string | undefined {
  const digest = error instanceof Error ? (error as Error & { digest?: unknown }).digest : undefined;
  return typeof digest === "string" ? digest : undefined;
}
