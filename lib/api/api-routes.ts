import type { ApiRoute } from "./api-route";
import {
  assignJobByTargetRoute,
  assignJobRoute,
  cancelJobByTargetRoute,
  cancelJobRoute,
  completeJobByTargetRoute,
  completeJobRoute,
  getJobRoute,
  listJobsRoute,
  listJobTypesRoute,
  requestJobRoute,
} from "./routes/job-routes";
import {
  createWebhookEndpointRoute,
  deleteWebhookEndpointRoute,
  getWebhookEndpointRoute,
  listWebhookEndpointsRoute,
  replayWebhookDeliveryRoute,
  testWebhookEndpointRoute,
  updateWebhookEndpointRoute,
  webhookDeliveryLogRoute,
} from "./routes/webhook-routes";

/** Every /api/v1 operation: the OpenAPI document is made from this list, and a test checks app/api/v1 serves exactly these. */
export const apiRoutes: readonly ApiRoute[] = [
  listJobTypesRoute,
  listJobsRoute,
  requestJobRoute,
  getJobRoute,
  completeJobRoute,
  cancelJobRoute,
  assignJobRoute,
  completeJobByTargetRoute,
  cancelJobByTargetRoute,
  assignJobByTargetRoute,
  listWebhookEndpointsRoute,
  createWebhookEndpointRoute,
  getWebhookEndpointRoute,
  updateWebhookEndpointRoute,
  deleteWebhookEndpointRoute,
  webhookDeliveryLogRoute,
  testWebhookEndpointRoute,
  replayWebhookDeliveryRoute,
];
