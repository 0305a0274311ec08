// Runs once when the server starts (`next start`, `next dev`), before it
// handles a request. The Node.js-only work lives in its own module so the
// Edge build of this file never sees Node APIs.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkAuthSecretAtStartup } = await import("./lib/auth/check-auth-secret-at-startup");
    checkAuthSecretAtStartup();
  }
}
