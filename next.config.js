// Headers that do not change per request, on every response: pages, route
// handlers, the auth API and static files. The pages' Content-Security-Policy
// carries a per-request nonce and comes from proxy.ts; what the proxy does not
// see gets the fixed policy below.
const commonHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Old browsers' version of CSP frame-ancestors 'none'.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

// JSON, scripts, stylesheets and images are never documents: nothing in them may run or be framed.
const fixedPolicy = { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" };

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets two builds live side by side (e.g. a Playwright run beside \`next dev\`).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // `next dev` serves its scripts and hot reload only to the origins it knows:
  // without these, a page opened at http://127.0.0.1:3000 never hydrates.
  allowedDevOrigins: ["localhost", "127.0.0.1"],
  // pg and pg-boss open raw sockets and load optional native bits at runtime;
  // they are used only on the server and must not be bundled.
  serverExternalPackages: ["pg", "pg-boss", "@electric-sql/pglite", "@electric-sql/pglite-socket", "nodemailer"],
  experimental: {
    // Lets pages call forbidden()/unauthorized() so a refused page answers 403/401.
    authInterrupts: true,
  },
  async headers() {
    return [
      { source: "/:path*", headers: commonHeaders },
      { source: "/api/:path*", headers: [fixedPolicy] },
      { source: "/_next/static/:path*", headers: [fixedPolicy] },
      { source: "/_next/image", headers: [fixedPolicy] },
      { source: "/favicon.svg", headers: [fixedPolicy] },
      {
        // Behind a TLS-terminating proxy; proxy.ts also sends it when the request itself was https.
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
    ];
  },
};

export default nextConfig;
