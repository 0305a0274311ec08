import { z } from "zod";
import { API_SCOPES } from "@/lib/api/api-scopes";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/webhook-event-types";
import { isStorableText, text } from "./text";

// The HTTP API's inputs and answers (/api/v1). The route handlers validate
// with these and the OpenAPI document is generated from the very same schemas
// (lib/api/openapi-document.ts), so the two cannot drift. Objects are strict:
// an unknown field is refused rather than silently dropped (a misspelt
// "asignee" must not quietly do less than the caller meant).

export const JOB_STATUS_VALUES = ["pending", "completed", "cancelled", "expired"] as const;
export const JOB_PRIORITY_VALUES = ["low", "normal", "high", "urgent"] as const;
export const METADATA_LIMIT_BYTES = 16 * 1024;

const uuid = (label: string) => z.uuid({ error: `${label} must be a UUID.` });

/** An ISO 8601 date-time with an offset ("2030-01-31T12:00:00Z"). */
const dateTime = (label: string) => z.iso.datetime({ offset: true, error: `${label} must be a date-time like 2030-01-31T12:00:00Z.` });

function storableEverywhere(value: unknown): boolean {
  if (typeof value === "string") return isStorableText(value);
  if (Array.isArray(value)) return value.every(storableEverywhere);
  if (value && typeof value === "object") return Object.entries(value).every(([k, v]) => isStorableText(k) && storableEverywhere(v));
  return true;
}

/** Free-form JSON kept with the job: an object, at most 16 KB, no NUL or broken characters (PostgreSQL's jsonb refuses them). */
export const metadataSchema = z
  .record(z.string(), z.unknown(), { error: "metadata must be a JSON object." })
  .refine(storableEverywhere, "metadata contains a NUL character or half of an emoji, which cannot be stored.")
  .refine(
    (value) => Buffer.byteLength(JSON.stringify(value)) <= METADATA_LIMIT_BYTES,
    `metadata is larger than ${METADATA_LIMIT_BYTES / 1024} KB.`,
  )
  .meta({ description: "Any JSON object (at most 16 KB), kept with the job.", example: { invoiceId: "inv_123" } });

export const targetSchema = z
  .strictObject(
    {
      type: text({ label: "target.type" }).trim().min(1, "target.type is required.").max(100, "target.type is longer than 100 characters."),
      id: text({ label: "target.id" }).trim().min(1, "target.id is required.").max(191, "target.id is longer than 191 characters."),
    },
    { error: "target must be an object { type, id }." },
  )
  .meta({ id: "Target", description: "What the job is about: any object of yours, by kind and id.", example: { type: "user", id: "42" } });

const jobType = text({ label: "type" })
  .trim()
  .min(1, "type is required.")
  .max(100, "type is longer than 100 characters.")
  .meta({ example: "staff.review-document" });
const note = text({ label: "note", kind: "multiline" }).trim().max(2000, "note is longer than 2000 characters.");

export const requestJobBodySchema = z
  .strictObject({
    type: jobType,
    target: targetSchema,
    assignee: uuid("assignee").nullish().meta({ description: "The id of the person to give the job to." }),
    metadata: metadataSchema.optional(),
    expiresAt: dateTime("expiresAt").nullish().meta({ description: "Omitted: the type's default. null: never." }),
    dueAt: dateTime("dueAt").nullish().meta({ description: "Omitted: the type's default. null: none." }),
    priority: z.enum(JOB_PRIORITY_VALUES, { error: `priority must be one of ${JOB_PRIORITY_VALUES.join(", ")}.` }).optional(),
    idempotent: z.boolean({ error: "idempotent must be true or false." }).optional().meta({
      description: "true: answer with the job already pending for this target and type instead of refusing with 409.",
    }),
  })
  .meta({ id: "RequestJob" });

export const finishJobBodySchema = z.strictObject({ note: note.optional(), metadata: metadataSchema.optional() }).meta({ id: "FinishJob" });

export const finishJobByTargetBodySchema = z
  .strictObject({ type: jobType, target: targetSchema, note: note.optional(), metadata: metadataSchema.optional() })
  .meta({ id: "FinishJobByTarget" });

export const assignJobBodySchema = z
  .strictObject({
    assignee: uuid("assignee").nullable().meta({ description: "The person to give the job to; null takes it off whoever has it." }),
  })
  .meta({ id: "AssignJob" });

export const assignJobByTargetBodySchema = z
  .strictObject({ type: jobType, target: targetSchema, assignee: uuid("assignee").nullable() })
  .meta({ id: "AssignJobByTarget" });

export const jobIdParamsSchema = z.strictObject({ jobId: uuid("The job id in the path") });

export const listJobsQuerySchema = z.strictObject({
  type: jobType.optional(),
  status: z.enum(JOB_STATUS_VALUES, { error: `status must be one of ${JOB_STATUS_VALUES.join(", ")}.` }).optional(),
  targetType: text({ label: "targetType" }).max(100).optional(),
  targetId: text({ label: "targetId" }).max(191).optional(),
  assignee: uuid("assignee").optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, "limit must be a whole number from 1 to 100.")
    .transform(Number)
    .pipe(z.number().min(1, "limit must be a whole number from 1 to 100.").max(100, "limit must be a whole number from 1 to 100."))
    .optional()
    .meta({ description: "Jobs per page (1–100, default 50)." }),
  cursor: z.string().max(200, "cursor is not one this API gave out.").optional().meta({ description: "nextCursor of the previous page." }),
});

// ---- answers

export const jobSchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    status: z.enum(JOB_STATUS_VALUES),
    target: z.object({ type: z.string(), id: z.string() }),
    assignee: z.uuid().nullable(),
    priority: z.enum(JOB_PRIORITY_VALUES),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    dueAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().nullable(),
    completedAt: z.iso.datetime().nullable(),
    completionSource: z.string().nullable(),
    resolutionNote: z.string().nullable(),
  })
  .meta({ id: "Job" });

export const jobEventSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    at: z.iso.datetime(),
    actorId: z.string().nullable(),
    source: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "JobEvent" });

export const jobWithEventsSchema = jobSchema.extend({ events: z.array(jobEventSchema) }).meta({ id: "JobWithEvents" });

export const jobChangeSchema = z
  .object({ job: jobSchema.nullable(), changed: z.boolean().meta({ description: "false: it already was so (nothing was written)." }) })
  .meta({ id: "JobChange" });

export const requestedJobSchema = z
  .object({
    job: jobSchema,
    created: z.boolean().meta({ description: "false: an idempotent request answered with the job already pending." }),
  })
  .meta({ id: "RequestedJob" });

export const jobPageSchema = z.object({ jobs: z.array(jobSchema), nextCursor: z.string().nullable() }).meta({ id: "JobPage" });

export const jobTypeSchema = z
  .object({
    key: z.string(),
    title: z.string(),
    description: z.string(),
    audience: z.enum(["user", "staff"]),
    targetType: z.string(),
    completion: z.string(),
    expiresAfterHours: z.number().nullable(),
    dueAfterHours: z.number().nullable(),
    apiWritable: z
      .boolean()
      .meta({ description: "false for the app's own types: readable, but every write route refuses them with 403 not_allowed." }),
  })
  .meta({ id: "JobType" });

export const jobTypeListSchema = z.object({ jobTypes: z.array(jobTypeSchema) }).meta({ id: "JobTypeList" });

export const problemSchema = z
  .object({
    type: z.string().meta({ description: "Identifies the problem; stable." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: "What went wrong and what to do about it, for a person." }),
    code: z.string().meta({ description: "Stable machine-readable code, e.g. validation_failed." }),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ pointer: z.string(), detail: z.string() }))
      .optional()
      .meta({ description: "Each invalid field, as a JSON Pointer into the body or the query parameter's name." }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

export const apiScopeSchema = z.enum(API_SCOPES);

// ---- webhooks

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, { error: `Event types are ${WEBHOOK_EVENT_TYPES.join(", ")}.` });

const webhookUrl = text({ label: "url", kind: "exact" })
  .trim()
  .min(1, "url is required.")
  .max(2048, "url is longer than 2048 characters.")
  .meta({ example: "https://billing.example.com/jtbd-webhooks" });
const webhookEventTypes = z
  .array(webhookEventTypeSchema, { error: "eventTypes must be a list of event types." })
  .min(1, "Choose at least one event type.");
const webhookDescription = text({ label: "description" }).trim().max(500, "description is longer than 500 characters.");

export const createWebhookEndpointBodySchema = z
  .strictObject({ url: webhookUrl, eventTypes: webhookEventTypes, description: webhookDescription.optional() })
  .meta({ id: "CreateWebhookEndpoint" });

export const updateWebhookEndpointBodySchema = z
  .strictObject({
    url: webhookUrl.optional(),
    eventTypes: webhookEventTypes.optional(),
    description: webhookDescription.optional(),
    enabled: z
      .boolean({ error: "enabled must be true or false." })
      .optional()
      .meta({ description: "true enables a disabled endpoint again." }),
  })
  .meta({ id: "UpdateWebhookEndpoint" });

export const endpointIdParamsSchema = z.strictObject({ endpointId: uuid("The endpoint id in the path") });
export const deliveryIdParamsSchema = z.strictObject({ deliveryId: uuid("The delivery id in the path") });

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "WebhookEndpoint" });

export const createdWebhookEndpointSchema = webhookEndpointSchema
  .extend({ secret: z.string().meta({ description: "The signing secret (Standard Webhooks, whsec_…). Shown only in this answer." }) })
  .meta({ id: "CreatedWebhookEndpoint" });

export const webhookEndpointListSchema = z.object({ endpoints: z.array(webhookEndpointSchema) }).meta({ id: "WebhookEndpointList" });

export const webhookDeliveryLogSchema = z
  .object({
    attempts: z.array(
      z.object({
        deliveryId: z.uuid(),
        eventId: z.uuid(),
        eventType: z.string(),
        attempt: z.number().int(),
        at: z.iso.datetime(),
        statusCode: z.number().int().nullable(),
        durationMs: z.number().int(),
        error: z.string().nullable(),
        deliveryStatus: z.string(),
      }),
    ),
  })
  .meta({ id: "WebhookDeliveryLog" });

export const webhookSentSchema = z.object({ deliveryId: z.uuid(), eventId: z.uuid().optional() }).meta({ id: "WebhookSent" });
export const deletedSchema = z.object({ deleted: z.literal(true) }).meta({ id: "Deleted" });
