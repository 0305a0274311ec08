import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { describe, expect, test } from "vitest";
import { openApiDocument } from "./openapi-document";

// The document is valid OpenAPI 3.1, and it and app/api/v1 agree both ways:
// every operation it lists is exported by a route file, and every method a
// route file under app/api/v1 exports is in it.

const API_DIR = path.join(import.meta.dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** "app/api/v1/jobs/[jobId]/route.ts" exporting GET -> "GET /api/v1/jobs/{jobId}". */
function servedOperations(): string[] {
  return routeFiles(API_DIR).flatMap((file) => {
    const urlPath = `/api/v1/${path.relative(API_DIR, path.dirname(file)).split(path.sep).join("/")}`
      .replace(/\/$/, "")
      .replace(/\[(\w+)\]/g, "{$1}");
    const source = readFileSync(file, "utf8");
    return METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b`).test(source)).map((m) => `${m} ${urlPath}`);
  });
}

describe("the OpenAPI document", () => {
  const document = openApiDocument();

  test("is valid OpenAPI 3.1 (@readme/openapi-parser)", async () => {
    expect(document.openapi).toBe("3.1.0");
    // validate() dereferences in place: give it a copy.
    await expect(validate(structuredClone(document) as never)).resolves.toMatchObject({ valid: true });
  });

  test("lists exactly the operations app/api/v1 serves", () => {
    const documented = Object.entries(document.paths ?? {}).flatMap(([p, item]) =>
      METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map((m) => `${m} ${p}`),
    );
    expect(servedOperations().sort()).toEqual(documented.sort());
    expect(documented.length).toBeGreaterThanOrEqual(11);
  });

  test("request bodies are the handlers' strict schemas: unknown fields are not allowed", () => {
    const schemas = document.components?.schemas as Record<string, { additionalProperties?: unknown }>;
    expect(schemas.RequestJob?.additionalProperties).toBe(false);
    expect(schemas.Problem).toBeDefined();
  });
});
