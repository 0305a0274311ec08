import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

// lib/auth/password.ts reads the bcrypt cost once on import: a low cost keeps
// the many sign-up and sign-in tests fast (production uses 12). Set here, in
// the main process, so every test worker inherits it.
process.env.BCRYPT_COST ??= "4";

// Two projects run the same way against two real databases:
// - "postgres": every test, each file in its own database cloned from a
//   migrated template on the PostgreSQL server (TEST_DATABASE_URL).
// - "embedded": the engine's tests again, each file on its own in-memory PGlite
//   served over the wire protocol, as the demo runs.
export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React's server build; its own empty module
      // is what Next resolves on the server, so tests get the same.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          env: { JTBD_TEST_DB: "postgres" },
        },
      },
      {
        extends: true,
        test: {
          name: "embedded",
          include: ["lib/jobs/**/*.test.ts"],
          // PGlite runs one transaction at a time: a row held by another
          // session, which these tests are about, cannot happen there.
          exclude: ["lib/jobs/expire-jobs-skip-locked.test.ts"],
          env: { JTBD_TEST_DB: "embedded" },
        },
      },
      // The @jtbd/engine package's own suite, on its own databases (no app
      // template): once on the PostgreSQL server, once on PGlite.
      {
        extends: true,
        test: {
          name: "engine",
          include: ["packages/jtbd/test/**/*.test.ts"],
          env: { JTBD_ENGINE_DB: "postgres" },
        },
      },
      {
        extends: true,
        test: {
          name: "engine-pglite",
          include: ["packages/jtbd/test/**/*.test.ts"],
          exclude: ["packages/jtbd/test/**/*.pg.test.ts"],
          env: { JTBD_ENGINE_DB: "pglite" },
        },
      },
      // A second host (examples/library-service) on the packed package: npm
      // pack, install in a temporary folder, tsc, run it on PostgreSQL.
      {
        extends: true,
        test: {
          name: "example",
          include: ["examples/*.test.ts"],
        },
      },
    ],
  },
});
