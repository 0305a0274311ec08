import type pg from "pg";
import type { Population } from "./population";
import { JOB_EVENTS_TABLE, JOBS_SCHEMA, JOBS_TABLE } from "@/lib/jobs/jobs-schema";

// Writes a generated population with multi-row INSERTs (unnest over arrays,
// thousands of rows per statement), then derives each job's events from the
// job rows in SQL: a "requested" event, and one for how it ended.

const CHUNK = 5000;

/** A one-page PDF that says what it is, standing in for every demo document. */
const PLACEHOLDER_PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " +
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj " +
    "4 0 obj<</Length 55>>stream\nBT /F1 18 Tf 20 70 Td (jtbd demo document) Tj ET\nendstream endobj " +
    "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj trailer<</Root 1 0 R>>\n%%EOF\n",
);

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

const col = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key]);

export async function insertPopulation(
  client: pg.ClientBase,
  population: Population,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const total =
    population.users.length +
    population.organisations.length +
    population.memberships.length +
    population.jobs.length +
    population.documents.length +
    population.invites.length +
    population.notifications.length;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done, total);
  };

  for (const rows of chunks(population.users)) {
    await client.query(
      `INSERT INTO users (id, email, name, role, created_at, updated_at, email_verified, company, job_title)
       SELECT id, email, name, 'user', created_at, created_at, email_verified, company, job_title
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[])
         AS t(id, email, name, created_at, email_verified, company, job_title)`,
      [
        col(rows, "id"),
        col(rows, "email"),
        col(rows, "name"),
        col(rows, "createdAt"),
        col(rows, "emailVerified"),
        col(rows, "company"),
        col(rows, "jobTitle"),
      ],
    );
    progress(rows.length);
  }
  for (const rows of chunks(population.organisations)) {
    await client.query(
      `INSERT INTO organisations (id, name, website, industry, created_at, updated_at)
       SELECT id, name, website, industry, created_at, created_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS t(id, name, website, industry, created_at)`,
      [col(rows, "id"), col(rows, "name"), col(rows, "website"), col(rows, "industry"), col(rows, "createdAt")],
    );
    progress(rows.length);
  }
  for (const rows of chunks(population.memberships)) {
    await client.query(
      `INSERT INTO memberships (user_id, organisation_id, role, created_at)
       SELECT user_id, organisation_id, role::organisation_role, created_at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS t(user_id, organisation_id, role, created_at)`,
      [col(rows, "userId"), col(rows, "organisationId"), col(rows, "role"), col(rows, "createdAt")],
    );
    progress(rows.length);
  }
  for (const rows of chunks(population.documents)) {
    await client.query(
      `INSERT INTO documents (id, owner_id, file_name, content_type, size_bytes, content, status, rejection_reason, reviewed_by_id, reviewed_at, created_at)
       SELECT id, owner_id, file_name, 'application/pdf', $9::int, $10::bytea, status::document_status, rejection_reason, reviewed_by_id, reviewed_at, created_at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::timestamptz[], $8::timestamptz[])
         AS t(id, owner_id, file_name, status, rejection_reason, reviewed_by_id, reviewed_at, created_at)`,
      [
        col(rows, "id"),
        col(rows, "ownerId"),
        col(rows, "fileName"),
        col(rows, "status"),
        col(rows, "rejectionReason"),
        col(rows, "reviewedById"),
        col(rows, "reviewedAt"),
        col(rows, "createdAt"),
        PLACEHOLDER_PDF.byteLength,
        PLACEHOLDER_PDF,
      ],
    );
    progress(rows.length);
  }
  for (const rows of chunks(population.invites)) {
    await client.query(
      `INSERT INTO invites (id, inviter_id, email, status, bounce, created_at)
       SELECT id, inviter_id, email, status::invite_status, bounce, created_at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS t(id, inviter_id, email, status, bounce, created_at)`,
      [col(rows, "id"), col(rows, "inviterId"), col(rows, "email"), col(rows, "status"), col(rows, "bounce"), col(rows, "createdAt")],
    );
    progress(rows.length);
  }
  for (const rows of chunks(population.jobs)) {
    await client.query(
      `WITH inserted AS (
         INSERT INTO ${JOBS_TABLE} (id, job_type, status, target_type, target_id, assigned_to_id, priority, due_at, created_at, updated_at,
                           completed_at, expires_at, metadata, completed_by_id, completion_source, resolution_note)
         SELECT id, job_type, status::${JOBS_SCHEMA}.job_status, target_type, target_id, assigned_to_id, priority::${JOBS_SCHEMA}.job_priority, due_at, created_at, updated_at,
                completed_at, expires_at, metadata, completed_by_id, completion_source::${JOBS_SCHEMA}.job_source, resolution_note
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[],
                     $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::jsonb[], $14::text[], $15::text[], $16::text[])
           AS t(id, job_type, status, target_type, target_id, assigned_to_id, priority, due_at, created_at, updated_at,
                completed_at, expires_at, metadata, completed_by_id, completion_source, resolution_note)
         RETURNING id, status, created_at, completed_at, expires_at, completed_by_id, completion_source, resolution_note
       ), requested AS (
         INSERT INTO ${JOB_EVENTS_TABLE} (job_id, kind, source, data, created_at)
         SELECT id, 'requested', 'system', '{}', created_at FROM inserted
       )
       INSERT INTO ${JOB_EVENTS_TABLE} (job_id, kind, actor_id, source, data, created_at)
       SELECT id, status::text::${JOBS_SCHEMA}.job_event_kind, completed_by_id, COALESCE(completion_source, 'system'),
              CASE WHEN resolution_note IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('note', resolution_note) END,
              COALESCE(completed_at, expires_at)
       FROM inserted WHERE status <> 'pending'`,
      [
        col(rows, "id"),
        col(rows, "jobType"),
        col(rows, "status"),
        col(rows, "targetType"),
        col(rows, "targetId"),
        col(rows, "assignedToId"),
        col(rows, "priority"),
        col(rows, "dueAt"),
        col(rows, "createdAt"),
        col(rows, "updatedAt"),
        col(rows, "completedAt"),
        col(rows, "expiresAt"),
        rows.map((r) => JSON.stringify(r.metadata)),
        col(rows, "completedById"),
        col(rows, "completionSource"),
        col(rows, "resolutionNote"),
      ],
    );
    progress(rows.length);
  }
  for (const rows of chunks(population.notifications)) {
    await client.query(
      `INSERT INTO notifications (id, job_id, recipient_id, to_address, channel, template_key, rule, status, last_error, attempts, created_at, sent_at, read_at, actioned_at, resolved_at)
       SELECT id, job_id, recipient_id, to_address, channel::notification_channel, template_key, rule, status::notification_status, last_error, 1, created_at, sent_at, read_at, actioned_at, resolved_at
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[],
                   $12::text[], $13::text[], $14::text[])
         AS t(id, job_id, recipient_id, channel, template_key, rule, created_at, sent_at, read_at, actioned_at, resolved_at, to_address, status, last_error)`,
      [
        col(rows, "id"),
        col(rows, "jobId"),
        col(rows, "recipientId"),
        col(rows, "channel"),
        col(rows, "templateKey"),
        col(rows, "rule"),
        col(rows, "createdAt"),
        col(rows, "sentAt"),
        col(rows, "readAt"),
        col(rows, "actionedAt"),
        col(rows, "resolvedAt"),
        col(rows, "toAddress"),
        col(rows, "status"),
        col(rows, "lastError"),
      ],
    );
    progress(rows.length);
  }
}
