import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { JOBS_EXTERNAL_ENUMS, JOBS_EXTERNAL_TABLES } from "@/prisma/external";

// Prisma's schema engine compiled to WebAssembly (the native engine cannot be
// downloaded here). `diff` between two datamodels gives the same SQL that
// `prisma migrate dev` writes. The engine insists on a database connection even
// for a pure datamodel diff, so it gets a throwaway in-memory PGlite.

const require = createRequire(import.meta.url);

interface WasmSchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

export type SchemaSource = { tag: "empty" } | { tag: "schemaDatamodel"; files: { path: string; content: string }[] };

export function datamodel(content: string, path = "schema.prisma"): SchemaSource {
  return { tag: "schemaDatamodel", files: [{ path, content }] };
}

let loaded: Promise<{ SchemaEngine: { new: (...args: unknown[]) => Promise<WasmSchemaEngine> } }> | undefined;

function loadWasm() {
  loaded ??= (async () => {
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = require.resolve("@prisma/schema-engine-wasm").replace(/schema_engine\.js$/, "schema_engine_bg.wasm");
    // The glue module is the wasm's only import; the bundled entry point uses an
    // ESM wasm import that Node 20 cannot load, so we do its two steps by hand.
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    const glue = bg as unknown as { __wbg_set_wasm(exports: unknown): void };
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    return bg as unknown as { SchemaEngine: { new: (...args: unknown[]) => Promise<WasmSchemaEngine> } };
  })();
  return loaded;
}

/** SQL that turns a database shaped like `from` into one shaped like `to`. */
export async function diffSql(from: SchemaSource, to: SchemaSource): Promise<string> {
  const wasm = await loadWasm();
  const pg = await startEmbeddedPostgres();
  try {
    const models = to.tag === "schemaDatamodel" ? to.files.map((f) => [f.path, f.content]) : [];
    const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: pg.url, max: 2 }));
    const engine = await wasm.SchemaEngine.new({ datamodels: models }, () => undefined, adapter);
    try {
      const result = await engine.diff({
        from,
        to,
        script: true,
        exitCode: null,
        filters: { externalTables: [...JOBS_EXTERNAL_TABLES], externalEnums: [...JOBS_EXTERNAL_ENUMS] },
      });
      return result.stdout ?? "";
    } finally {
      engine.free();
    }
  } finally {
    await pg.stop();
  }
}
