// Dependency rules, checked by `npm run lint` (dependency-cruiser).
// One direction: app/ -> components/ -> lib/ -> packages/*. Components may call
// server actions (app/**/actions.ts), the way dub's components import actions,
// so actions must never import components: the contracts they share live in
// lib/validation.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "package-is-host-free",
      comment: "The engine package knows nothing of any host: it imports only itself and its npm dependencies.",
      severity: "error",
      from: { path: "^packages/([^/]+)/" },
      to: { pathNot: ["^packages/$1/", "node_modules"], dependencyTypesNot: ["core"] },
    },
    {
      name: "package-by-name",
      comment: "Hosts import the engine by its package name (@jtbd/engine), never a file inside it.",
      severity: "error",
      from: { pathNot: ["^packages/", "^examples/"] },
      to: { path: "^packages/[^/]+/(src|dist)/", pathNot: "^packages/[^/]+/(src|dist)/index\\.ts$" },
    },
    {
      name: "lib-below-app-and-components",
      comment: "lib/ is framework-level code for app/ and components/; it never imports them.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components)/" },
    },
    {
      name: "components-call-only-actions",
      comment: "A component may import a route's server actions (actions.ts), nothing else from app/.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/", pathNot: "/actions\\.ts$" },
    },
    {
      name: "actions-import-no-components",
      comment: "Server actions take their contracts (form state, values) from lib/validation, never from a component.",
      severity: "error",
      from: { path: "^app/.*/actions\\.ts$" },
      to: { path: "^components/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next[^/]*|lib/generated|\\.data|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["@jtbd/source", "import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
