import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    // eslint-config-next's own defaults, restated because globalIgnores replaces them.
    ".next/**",
    // Side-by-side builds (NEXT_DIST_DIR): the dev-server test, parallel Playwright runs.
    ".next-*/**",
    "packages/*/dist/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    // Generated or local-only.
    "lib/generated/**",
    "node_modules/**",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
    "blob-report/**",
    "coverage/**",
    // Build output of the workspace packages (npm run build -w @jtbd/engine, npm pack).
    "packages/*/dist/**",
  ]),
  {
    rules: {
      // Unused arguments named with a leading underscore are intentional (e.g. an action's previous state).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Playwright fixtures hand their value to a callback named `use`, which
    // the React hooks rule mistakes for React's use().
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
]);
