import { z } from "zod";
import type { Prisma } from "@/lib/db/client";
import { decodeCursor, encodeCursor } from "@/lib/db/keyset-cursor";
import { jobAssigned, jobCancelled, jobCompleted, jobRequested, type JobTypeDefinition, jobTypes } from "@/lib/jobs";
import {
  assignJobBodySchema,
  assignJobByTargetBodySchema,
  finishJobBodySchema,
  finishJobByTargetBodySchema,
  jobChangeSchema,
  jobIdParamsSchema,
  jobPageSchema,
  jobTypeListSchema,
  jobWithEventsSchema,
  listJobsQuerySchema,
  requestedJobSchema,
  requestJobBodySchema,
} from "@/lib/validation/api";
import { type ApiContext, defineApiRoute } from "../api-route";
import { apiActor, toApiJob } from "../api-job";
import { ApiProblem } from "../problem";

// The jobs resources of /api/v1: thin adapters from HTTP to lib/jobs' signals
// and the Prisma models. Validation, auth, idempotency and errors are the
// wrapper's (api-route.ts).

const TAG = "Jobs";
const EVENTS_LIMIT = 500;

type Db = ApiContext<unknown, unknown, unknown>["db"];

async function jobOr404(db: Db, jobId: string) {
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job) throw new ApiProblem(404, "not_found", `There is no job ${jobId}. Check the id, or list jobs with GET /api/v1/jobs.`);
  return job;
}

async function pendingJobOr404(db: Db, type: string, target: { type: string; id: string }) {
  jobTypes.require(type);
  const job = await db.job.findFirst({ where: { jobType: type, targetType: target.type, targetId: target.id, status: "pending" } });
  if (!job) throw new ApiProblem(404, "not_found", `No "${type}" job is pending for ${target.type} ${target.id}.`);
  return job;
}

/** Refuses the app's own job types (registry `api: false`): the API may read them, never cause what finishing them causes. */
function refuseInternalType(type: string): void {
  if (jobTypes.get(type)?.api === false) {
    throw new ApiProblem(
      403,
      "not_allowed",
      `Jobs of type "${type}" belong to the app itself (account links, invitation delivery): the API may read them but not request, complete, cancel or assign them.`,
    );
  }
}

const dateOrDefault = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

export const requestJobRoute = defineApiRoute(
  {
    method: "POST",
    path: "/api/v1/jobs",
    operationId: "requestJob",
    summary: "Request a job",
    description:
      "Creates a pending job (jobRequested). There is at most one pending job per target and type: a second request is refused with 409 `duplicate_pending_job`, or with `idempotent: true` answered (200) with the job already pending.",
    tag: TAG,
    scope: "jobs:write",
    body: requestJobBodySchema,
    response: {
      status: 201,
      description: "The job was created (201), or an idempotent request found it pending (200).",
      schema: requestedJobSchema,
    },
    problems: [409],
  },
  async ({ caller, db, body, setStatus }) => {
    refuseInternalType(body.type);
    const { job, created } = await jobRequested(db, {
      jobType: body.type,
      target: body.target,
      assignedTo: body.assignee ?? null,
      metadata: body.metadata as Prisma.JsonObject | undefined,
      expiresAt: dateOrDefault(body.expiresAt),
      dueAt: dateOrDefault(body.dueAt),
      priority: body.priority,
      idempotent: body.idempotent ?? false,
      ...apiActor(caller.keyId),
      sender: "api",
    } as Parameters<typeof jobRequested>[1]);
    if (!created) setStatus(200);
    return { job: toApiJob(job), created };
  },
);

function finishRoute(kind: "complete" | "cancel") {
  const signal = kind === "complete" ? jobCompleted : jobCancelled;
  const verb = kind === "complete" ? "Complete" : "Cancel";
  const byId = defineApiRoute(
    {
      method: "POST",
      path: `/api/v1/jobs/{jobId}/${kind}`,
      operationId: `${kind}Job`,
      summary: `${verb} a job`,
      description: `${verb}s the job (${kind === "complete" ? "jobCompleted" : "jobCancelled"}). Doing it twice changes nothing (changed: false); a job that ended otherwise is refused with 409.`,
      tag: TAG,
      scope: "jobs:write",
      params: jobIdParamsSchema,
      body: finishJobBodySchema,
      response: { status: 200, description: "The job as it now is.", schema: jobChangeSchema },
      problems: [404, 409],
    },
    async ({ caller, db, params, body }) => {
      const current = await jobOr404(db, params.jobId);
      refuseInternalType(current.jobType);
      const { job, changed } = await signal(db, {
        jobType: current.jobType,
        target: { type: current.targetType, id: current.targetId },
        jobId: current.id,
        note: body.note ?? null,
        metadata: body.metadata as Prisma.JsonObject | undefined,
        ...apiActor(caller.keyId),
      } as Parameters<typeof signal>[1]);
      return { job: job ? toApiJob(job) : null, changed };
    },
  );
  const byTarget = defineApiRoute(
    {
      method: "POST",
      path: `/api/v1/jobs/by-target/${kind}`,
      operationId: `${kind}JobByTarget`,
      summary: `${verb} the pending job of a type for a target`,
      description: `The signal as domain code fires it: ${kind === "complete" ? "completes" : "cancels"} the pending job of \`type\` for \`target\`. A target that never had one changes nothing (job: null).`,
      tag: TAG,
      scope: "jobs:write",
      body: finishJobByTargetBodySchema,
      response: { status: 200, description: "The job as it now is, or null.", schema: jobChangeSchema },
      problems: [409],
    },
    async ({ caller, db, body }) => {
      refuseInternalType(body.type);
      const { job, changed } = await signal(db, {
        jobType: body.type,
        target: body.target,
        note: body.note ?? null,
        metadata: body.metadata as Prisma.JsonObject | undefined,
        ...apiActor(caller.keyId),
      } as Parameters<typeof signal>[1]);
      return { job: job ? toApiJob(job) : null, changed };
    },
  );
  return { byId, byTarget };
}

const complete = finishRoute("complete");
const cancel = finishRoute("cancel");
export const completeJobRoute = complete.byId;
export const completeJobByTargetRoute = complete.byTarget;
export const cancelJobRoute = cancel.byId;
export const cancelJobByTargetRoute = cancel.byTarget;

async function assign(db: Db, keyId: string, jobId: string, assignee: string | null) {
  const { job, changed } = await jobAssigned(db, { jobId, assignee, ...apiActor(keyId) });
  return { job: toApiJob(job), changed };
}

export const assignJobRoute = defineApiRoute(
  {
    method: "POST",
    path: "/api/v1/jobs/{jobId}/assign",
    operationId: "assignJob",
    summary: "Assign a job",
    description: "Gives the pending job to a person, or takes it off them (assignee: null).",
    tag: TAG,
    scope: "jobs:write",
    params: jobIdParamsSchema,
    body: assignJobBodySchema,
    response: { status: 200, description: "The job as it now is.", schema: jobChangeSchema },
    problems: [404, 409],
  },
  async ({ caller, db, params, body }) => {
    refuseInternalType((await jobOr404(db, params.jobId)).jobType);
    return assign(db, caller.keyId, params.jobId, body.assignee);
  },
);

export const assignJobByTargetRoute = defineApiRoute(
  {
    method: "POST",
    path: "/api/v1/jobs/by-target/assign",
    operationId: "assignJobByTarget",
    summary: "Assign the pending job of a type for a target",
    tag: TAG,
    scope: "jobs:write",
    body: assignJobByTargetBodySchema,
    response: { status: 200, description: "The job as it now is.", schema: jobChangeSchema },
    problems: [404, 409],
  },
  async ({ caller, db, body }) => {
    refuseInternalType(body.type);
    const job = await pendingJobOr404(db, body.type, body.target);
    return assign(db, caller.keyId, job.id, body.assignee);
  },
);

export const getJobRoute = defineApiRoute(
  {
    method: "GET",
    path: "/api/v1/jobs/{jobId}",
    operationId: "getJob",
    summary: "Read a job with its events",
    tag: TAG,
    scope: "jobs:read",
    params: jobIdParamsSchema,
    response: { status: 200, description: "The job and its audit events, oldest first.", schema: jobWithEventsSchema },
    problems: [404],
  },
  async ({ db, params }) => {
    const job = await jobOr404(db, params.jobId);
    const events = await db.jobEvent.findMany({ where: { jobId: job.id }, orderBy: { id: "asc" }, take: EVENTS_LIMIT });
    return {
      ...toApiJob(job),
      events: events.map((e) => ({
        id: String(e.id),
        kind: e.kind,
        at: e.createdAt.toISOString(),
        actorId: e.actorId,
        source: e.source,
        data: e.data as Record<string, unknown>,
      })),
    };
  },
);

export const listJobsRoute = defineApiRoute(
  {
    method: "GET",
    path: "/api/v1/jobs",
    operationId: "listJobs",
    summary: "List jobs",
    description:
      "Newest first, filtered by type, status, target and assignee. Pages with `cursor` (keyset pagination: page 1,000 costs what page 1 does).",
    tag: TAG,
    scope: "jobs:read",
    query: listJobsQuerySchema,
    response: { status: 200, description: "One page of jobs and the cursor of the next (null on the last page).", schema: jobPageSchema },
  },
  async ({ db, query }) => {
    const limit = query.limit ?? 50;
    const now = new Date();
    const and: Prisma.JobWhereInput[] = [];
    if (query.type) and.push({ jobType: query.type });
    if (query.targetType) and.push({ targetType: query.targetType });
    if (query.targetId) and.push({ targetId: query.targetId });
    if (query.assignee) and.push({ assignedToId: query.assignee });
    // Status as people see it: a pending job past its expiry is expired, swept or not.
    if (query.status === "pending") and.push({ status: "pending", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });
    else if (query.status === "expired") and.push({ OR: [{ status: "expired" }, { status: "pending", expiresAt: { lte: now } }] });
    else if (query.status) and.push({ status: query.status });
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      // The redundant `lte` gives PostgreSQL an index range to start from;
      // the OR alone is only a filter, read from the newest job down.
      and.push(
        { createdAt: { lte: after.createdAt } },
        { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] },
      );
    }
    const rows = await db.job.findMany({ where: { AND: and }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { jobs: page.map(toApiJob), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  },
);

export const listJobTypesRoute = defineApiRoute(
  {
    method: "GET",
    path: "/api/v1/job-types",
    operationId: "listJobTypes",
    summary: "List the job types",
    description:
      "Every type, including the app's own (`apiWritable: false`): jobs of those can be read but not requested, completed, cancelled or assigned over the API (403 `not_allowed`).",
    tag: TAG,
    scope: "jobs:read",
    query: z.strictObject({}),
    response: { status: 200, description: "Every job type this service knows.", schema: jobTypeListSchema },
  },
  async () => ({
    jobTypes: (jobTypes.all as readonly JobTypeDefinition[]).map((t) => ({
      key: t.key,
      title: t.title,
      description: t.description,
      audience: t.audience,
      targetType: t.targetType,
      completion: t.completion,
      expiresAfterHours: t.expiresAfterHours ?? null,
      dueAfterHours: t.dueAfterHours ?? null,
      apiWritable: t.api !== false,
    })),
  }),
);
