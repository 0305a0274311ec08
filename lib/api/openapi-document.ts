import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { problemSchema } from "@/lib/validation/api";
import { apiRoutes } from "./api-routes";
import type { ApiRoute } from "./api-route";

// The OpenAPI 3.1 document of /api/v1, generated from the routes' own
// definitions and zod schemas (the ones the wrapper validates with), never
// written by hand.

const COMMON_PROBLEMS: Record<number, string> = {
  400: "Malformed JSON or an invalid header.",
  401: "No API key, or one that is unknown, revoked or expired.",
  403: "The key lacks the scope this operation needs.",
  413: "The body is larger than 64 KB.",
  415: "The body is not JSON.",
  422: "The request is well-formed but invalid; `errors` names each field.",
  429: "Too many requests for this key; wait for Retry-After seconds.",
};
const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  404: "No such job.",
  409: "The job is not in a state that allows this.",
  ...COMMON_PROBLEMS,
};

function register(registry: OpenAPIRegistry, route: ApiRoute, problem: z.ZodType) {
  const d = route.definition;
  const write = d.method !== "GET";
  const statuses = [...new Set([...Object.keys(COMMON_PROBLEMS).map(Number), ...(d.problems ?? [])])]
    .filter((s) => d.body || ![413, 415].includes(s))
    .sort();
  const problemContent = { "application/problem+json": { schema: problem } };
  registry.registerPath({
    method: d.method.toLowerCase() as "get" | "post" | "patch" | "delete",
    path: d.path,
    operationId: d.operationId,
    summary: d.summary,
    description: [d.description, `Needs the \`${d.scope}\` scope.`].filter(Boolean).join("\n\n"),
    tags: [d.tag],
    security: [{ apiKey: [d.scope] }],
    request: {
      // The routes' param and query schemas are zod objects (AnyObject only widens them for the wrapper).
      ...(d.params ? { params: d.params as unknown as z.ZodObject } : {}),
      ...(d.query ? { query: d.query as unknown as z.ZodObject } : {}),
      ...(write
        ? {
            headers: z.object({
              "Idempotency-Key": z
                .string()
                .min(1)
                .max(255)
                .optional()
                .meta({ description: "Replays the first answer for a retry of the same request (kept 48 hours)." }),
            }),
          }
        : {}),
      ...(d.body ? { body: { required: true, content: { "application/json": { schema: d.body } } } } : {}),
    },
    responses: {
      [d.response.status]: { description: d.response.description, content: { "application/json": { schema: d.response.schema } } },
      ...(d.method === "POST" && d.response.status === 201
        ? {
            200: {
              description: "An idempotent request found the job already pending.",
              content: { "application/json": { schema: d.response.schema } },
            },
          }
        : {}),
      ...Object.fromEntries(statuses.map((s) => [s, { description: PROBLEM_DESCRIPTIONS[s] ?? "A problem.", content: problemContent }])),
    },
  });
}

export function openApiDocument(serverUrl = "/") {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An API key from an admin (/admin/api-keys) or `npm run api-key`.",
  });
  const problem = problemSchema;
  for (const route of apiRoutes) register(registry, route, problem);
  registry.registerPath({
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document",
    tags: ["Meta"],
    security: [],
    responses: {
      200: {
        description: "The OpenAPI 3.1 document of this API.",
        content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
      },
    },
  });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "jtbd jobs API",
      version: "1",
      description:
        "Request, complete, cancel, assign and read jobs from other services. Errors are RFC 9457 problem details with a stable `code`.",
    },
    servers: [{ url: serverUrl }],
  });
}
