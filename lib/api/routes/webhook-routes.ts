import {
  createdWebhookEndpointSchema,
  createWebhookEndpointBodySchema,
  deletedSchema,
  deliveryIdParamsSchema,
  endpointIdParamsSchema,
  updateWebhookEndpointBodySchema,
  webhookDeliveryLogSchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
  webhookSentSchema,
} from "@/lib/validation/api";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  replayWebhookDelivery,
  sendTestWebhook,
  updateWebhookEndpoint,
  webhookDeliveryLog,
} from "@/lib/webhooks/webhook-endpoints";
import { checkWebhookUrl } from "@/lib/webhooks/check-webhook-url";
import { defineApiRoute } from "../api-route";

// Webhook endpoints over the API (scope webhooks:manage): the same functions
// the admin page uses.

const TAG = "Webhooks";
const scope = "webhooks:manage" as const;

type EndpointRow = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];

function toApiEndpoint(e: EndpointRow) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    consecutiveFailures: e.consecutiveFailures,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export const listWebhookEndpointsRoute = defineApiRoute(
  {
    method: "GET",
    path: "/api/v1/webhook-endpoints",
    operationId: "listWebhookEndpoints",
    summary: "List webhook endpoints",
    tag: TAG,
    scope,
    response: { status: 200, description: "Every endpoint, newest first.", schema: webhookEndpointListSchema },
  },
  async ({ db }) => ({ endpoints: (await listWebhookEndpoints(db)).map(toApiEndpoint) }),
);

export const createWebhookEndpointRoute = defineApiRoute(
  {
    method: "POST",
    path: "/api/v1/webhook-endpoints",
    operationId: "createWebhookEndpoint",
    summary: "Register a webhook endpoint",
    description: "The answer carries the endpoint's signing secret, once. URLs on loopback, private or link-local addresses are refused.",
    tag: TAG,
    scope,
    body: createWebhookEndpointBodySchema,
    response: { status: 201, description: "The endpoint and its secret.", schema: createdWebhookEndpointSchema },
    prepare: async ({ body, deps }) => void (await checkWebhookUrl(body.url, { allowPrivate: deps.allowPrivateWebhooks })),
  },
  async ({ db, body, deps }) => {
    const created = await createWebhookEndpoint(db, body, { allowPrivate: deps.allowPrivateWebhooks, urlChecked: true });
    return { ...toApiEndpoint(created), secret: created.secret };
  },
);

export const getWebhookEndpointRoute = defineApiRoute(
  {
    method: "GET",
    path: "/api/v1/webhook-endpoints/{endpointId}",
    operationId: "getWebhookEndpoint",
    summary: "Read a webhook endpoint",
    tag: TAG,
    scope,
    params: endpointIdParamsSchema,
    response: { status: 200, description: "The endpoint.", schema: webhookEndpointSchema },
    problems: [404],
  },
  async ({ db, params }) => toApiEndpoint(await getWebhookEndpoint(db, params.endpointId)),
);

export const updateWebhookEndpointRoute = defineApiRoute(
  {
    method: "PATCH",
    path: "/api/v1/webhook-endpoints/{endpointId}",
    operationId: "updateWebhookEndpoint",
    summary: "Change a webhook endpoint",
    description: "Change its URL, event types or description, or enable it again after it was disabled.",
    tag: TAG,
    scope,
    params: endpointIdParamsSchema,
    body: updateWebhookEndpointBodySchema,
    response: { status: 200, description: "The endpoint as it now is.", schema: webhookEndpointSchema },
    problems: [404],
    prepare: async ({ body, deps }) => {
      if (body.url !== undefined) await checkWebhookUrl(body.url, { allowPrivate: deps.allowPrivateWebhooks });
    },
  },
  async ({ db, params, body, deps }) =>
    toApiEndpoint(await updateWebhookEndpoint(db, params.endpointId, body, { allowPrivate: deps.allowPrivateWebhooks, urlChecked: true })),
);

export const deleteWebhookEndpointRoute = defineApiRoute(
  {
    method: "DELETE",
    path: "/api/v1/webhook-endpoints/{endpointId}",
    operationId: "deleteWebhookEndpoint",
    summary: "Delete a webhook endpoint",
    tag: TAG,
    scope,
    params: endpointIdParamsSchema,
    response: { status: 200, description: "Deleted, with its delivery log.", schema: deletedSchema },
    problems: [404],
  },
  async ({ db, params }) => {
    await deleteWebhookEndpoint(db, params.endpointId);
    return { deleted: true as const };
  },
);

export const webhookDeliveryLogRoute = defineApiRoute(
  {
    method: "GET",
    path: "/api/v1/webhook-endpoints/{endpointId}/deliveries",
    operationId: "listWebhookDeliveries",
    summary: "The delivery log of an endpoint",
    tag: TAG,
    scope,
    params: endpointIdParamsSchema,
    response: { status: 200, description: "The last 100 attempts, newest first.", schema: webhookDeliveryLogSchema },
    problems: [404],
  },
  async ({ db, params }) => {
    await getWebhookEndpoint(db, params.endpointId);
    const attempts = await webhookDeliveryLog(db, params.endpointId);
    return { attempts: attempts.map(({ attemptId: _attemptId, at, ...a }) => ({ ...a, at: at.toISOString() })) };
  },
);

export const testWebhookEndpointRoute = defineApiRoute(
  {
    method: "POST",
    path: "/api/v1/webhook-endpoints/{endpointId}/test",
    operationId: "testWebhookEndpoint",
    summary: "Send a test event",
    description: "Sends a `webhook.test` event to this endpoint only.",
    tag: TAG,
    scope,
    params: endpointIdParamsSchema,
    response: { status: 201, description: "Queued.", schema: webhookSentSchema },
    problems: [404, 409],
  },
  async ({ db, params }) => sendTestWebhook(db, params.endpointId),
);

export const replayWebhookDeliveryRoute = defineApiRoute(
  {
    method: "POST",
    path: "/api/v1/webhook-deliveries/{deliveryId}/replay",
    operationId: "replayWebhookDelivery",
    summary: "Send a delivery again",
    description: "Same event id, so the receiver can tell it is the same event.",
    tag: TAG,
    scope,
    params: deliveryIdParamsSchema,
    response: { status: 200, description: "Queued again.", schema: webhookSentSchema },
    problems: [404, 409],
  },
  async ({ db, params }) => replayWebhookDelivery(db, params.deliveryId),
);
