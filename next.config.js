/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets two builds live side by side (e.g. a Playwright run beside \`next dev\`).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // pg and pg-boss open raw sockets and load optional native bits at runtime;
  // they are used only on the server and must not be bundled.
  serverExternalPackages: ["pg", "pg-boss", "@electric-sql/pglite", "@electric-sql/pglite-socket", "nodemailer"],
  experimental: {
    // Lets pages call forbidden()/unauthorized() so a refused page answers 403/401.
    authInterrupts: true,
  },
};

export default nextConfig;
