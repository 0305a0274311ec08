import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { reviewDocument } from "@/lib/documents/review-document";
import { jobRequested } from "@/lib/jobs";
import { connectNotificationReceivers } from "@/lib/notifications/connect-notification-receivers";
import { listInbox } from "@/lib/notifications/list-inbox";
import { completeStaffJob } from "@/lib/server/commands/complete-staff-job";
import { deleteStaffJobNote } from "@/lib/server/commands/delete-staff-job-note";
import { editStaffJobNote } from "@/lib/server/commands/edit-staff-job-note";
import { writeStaffJobNote } from "@/lib/server/commands/write-staff-job-note";
import { getJobDetail } from "@/lib/server/queries/job-detail";
import { getTodoList } from "@/lib/server/queries/todo-list";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actorOf, createUser, uniqueId } from "@/test/fixtures";
import { staffHandle } from "./mentions";

let t: TestDatabase;
let disconnect: () => void;
let ann: UserRow;
let bo: UserRow;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
  // The receivers resolve a job's notifications when it finishes, as in the app.
  disconnect = connectNotificationReceivers();
  ann = await createUser(t.prisma, { role: "staff", email: `ann-${uniqueId("s")}@example.test`, name: "Ann" });
  bo = await createUser(t.prisma, { role: "staff", email: `bo-${uniqueId("s")}@example.test`, name: "Bo" });
});
afterAll(async () => {
  disconnect?.();
  await t?.close();
});

const run = {
  get db() {
    return t.prisma;
  },
};

const mention = (user: UserRow) => `@${staffHandle(user.email)}`;

async function staffJob(jobType: "staff.review-document" | "staff.rejected-upload" = "staff.rejected-upload") {
  const target =
    jobType === "staff.review-document" ? { type: "document", id: uniqueId("doc") } : { type: "user", id: (await createUser(t.prisma)).id };
  const { job } = await jobRequested(t.prisma, { target, jobType });
  return job;
}

async function write(author: UserRow, jobId: string, body: string, visibleToSubject = false) {
  return writeStaffJobNote.run(actorOf(author), { jobId, body, visibleToSubject }, run);
}

async function mentionsOf(jobId: string) {
  return t.prisma.notification.findMany({
    where: { jobId, rule: { startsWith: "mention:" } },
    select: { recipientId: true, rule: true, channel: true, status: true, resolvedAt: true, templateKey: true },
  });
}

describe("writing a note", () => {
  test("is shown in the job's timeline with its author, and sets the job's first action once", async () => {
    const job = await staffJob();
    const first = await write(ann, job.id, "Called the person, waiting on a reply.");
    expect(first).toMatchObject({ ok: true, data: { notified: [] } });
    const { firstActionAt } = await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(firstActionAt).toBeInstanceOf(Date);

    await write(bo, job.id, "Second note.");
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).firstActionAt).toEqual(firstActionAt);

    const detail = await getJobDetail(t.prisma, job.id);
    expect(detail?.notes.map((note) => [note.author?.id, note.body, note.deletedAt])).toEqual([
      [ann.id, "Called the person, waiting on a reply.", null],
      [bo.id, "Second note.", null],
    ]);
  });

  test.each([
    { label: "a user", role: "user" as const },
    { label: "a product person", role: "product" as const },
  ])("by $label is forbidden and writes nothing", async ({ role }) => {
    const job = await staffJob();
    const caller = await createUser(t.prisma, { role });
    expect(await write(caller, job.id, "hello")).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await t.prisma.jobNote.count({ where: { jobId: job.id } })).toBe(0);
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).firstActionAt).toBeNull();
  });

  test.each([
    { label: "an empty note", body: "   ", message: /Write something/ },
    { label: "a note over 5,000 characters", body: "x".repeat(5001), message: /longer than 5,000/ },
    { label: "a NUL", body: "a\u0000b", message: /NUL/ },
  ])("refuses $label on its field, with a message", async ({ body, message }) => {
    const job = await staffJob();
    const result = await write(ann, job.id, body);
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { body: [expect.stringMatching(message)] } } });
  });

  test("on a job that is not a staff job is refused", async () => {
    const user = await createUser(t.prisma);
    const { job } = await jobRequested(t.prisma, {
      target: { type: "user", id: user.id },
      jobType: "onboarding.read-guide",
      assignedTo: user.id,
    });
    expect(await write(ann, job.id, "hello")).toMatchObject({ ok: false, error: { code: "not_allowed" } });
  });
});

describe("only the author edits or deletes a note", () => {
  test("another staff member, even an admin, is refused and the note stays as it was", async () => {
    const job = await staffJob();
    const written = await write(ann, job.id, "Original words.");
    if (!written.ok) throw new Error("note not written");
    const { noteId } = written.data;
    const admin = await createUser(t.prisma, { role: "admin" });

    for (const other of [bo, admin]) {
      expect(await editStaffJobNote.run(actorOf(other), { noteId, body: "Not mine." }, run)).toMatchObject({
        ok: false,
        error: { code: "not_allowed", message: "Only the person who wrote a note can edit it." },
      });
      expect(await deleteStaffJobNote.run(actorOf(other), { noteId }, run)).toMatchObject({
        ok: false,
        error: { code: "not_allowed", message: "Only the person who wrote a note can delete it." },
      });
    }
    expect(await t.prisma.jobNote.findUniqueOrThrow({ where: { id: noteId } })).toMatchObject({
      body: "Original words.",
      editedAt: null,
      deletedAt: null,
    });
  });

  test("the author edits (marked edited) and deletes (the row stays without its words)", async () => {
    const job = await staffJob();
    const written = await write(ann, job.id, "First try.");
    if (!written.ok) throw new Error("note not written");
    const { noteId } = written.data;

    expect(await editStaffJobNote.run(actorOf(ann), { noteId, body: "Second try." }, run)).toMatchObject({ ok: true });
    const edited = await t.prisma.jobNote.findUniqueOrThrow({ where: { id: noteId } });
    expect(edited.body).toBe("Second try.");
    expect(edited.editedAt).toBeInstanceOf(Date);

    expect(await deleteStaffJobNote.run(actorOf(ann), { noteId }, run)).toMatchObject({ ok: true });
    const [note] = (await getJobDetail(t.prisma, job.id))!.notes;
    expect(note).toMatchObject({ id: noteId, body: "", author: { id: ann.id } });
    expect(note?.deletedAt).toBeInstanceOf(Date);

    // Deleted is deleted: no editing it back.
    expect(await editStaffJobNote.run(actorOf(ann), { noteId, body: "Back." }, run)).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });
});

describe("mentions", () => {
  test("notify the staff member once, in the app, open on the job's page, and are resolved when the job completes", async () => {
    const job = await staffJob();
    const written = await write(ann, job.id, `${mention(bo)} can you call them? cc ${mention(bo)}.`);
    expect(written).toMatchObject({ ok: true, data: { notified: [{ id: bo.id, name: "Bo" }] } });
    if (!written.ok) return;

    // Editing the note (same mention) notifies nobody again.
    const again = await editStaffJobNote.run(
      actorOf(ann),
      { noteId: written.data.noteId, body: `${mention(bo)} please call them today.` },
      run,
    );
    expect(again).toMatchObject({ ok: true, data: { notified: [] } });

    expect(await mentionsOf(job.id)).toEqual([
      {
        recipientId: bo.id,
        rule: `mention:${written.data.noteId}`,
        channel: "in_app",
        status: "sent",
        resolvedAt: null,
        templateKey: "note-mention",
      },
    ]);
    const inbox = await listInbox(t.prisma, bo.id);
    const item = inbox.items.find((i) => i.job.id === job.id && i.title.includes("mentioned you"));
    expect(item).toMatchObject({
      title: `Ann mentioned you on “Look into a refused upload”`,
      body: `${mention(bo)} please call them today.`,
      job: { href: `/staff/queues/staff.rejected-upload/${job.id}`, status: "pending" },
      resolvedAt: null,
    });

    expect(await completeStaffJob.run(actorOf(ann), { jobId: job.id }, run)).toMatchObject({ ok: true });
    const [resolved] = await mentionsOf(job.id);
    expect(resolved?.resolvedAt).toBeInstanceOf(Date);
  });

  test("editing a note to add a mention notifies only the newly mentioned", async () => {
    const job = await staffJob();
    const cy = await createUser(t.prisma, { role: "staff", email: `cy-${uniqueId("s")}@example.test`, name: "Cy" });
    const written = await write(ann, job.id, `${mention(bo)} have a look.`);
    if (!written.ok) throw new Error("note not written");

    const edited = await editStaffJobNote.run(
      actorOf(ann),
      { noteId: written.data.noteId, body: `${mention(bo)} have a look, with ${mention(cy)}.` },
      run,
    );
    expect(edited).toMatchObject({ ok: true, data: { notified: [{ id: cy.id, name: "Cy" }] } });
    expect((await mentionsOf(job.id)).map((n) => n.recipientId).sort()).toEqual([bo.id, cy.id].sort());
  });

  test("of someone who is not staff, of nobody, of the author or in an email address notify no one, and say nothing of who exists", async () => {
    const job = await staffJob();
    const user = await createUser(t.prisma, { role: "user", email: `dee-${uniqueId("u")}@example.test` });
    const product = await createUser(t.prisma, { role: "product", email: `eve-${uniqueId("p")}@example.test` });
    const body = `${mention(user)} ${mention(product)} @nobody-${uniqueId("x")} ${mention(ann)} write to ${bo.email}`;

    const result = await write(ann, job.id, body);
    expect(result).toMatchObject({ ok: true, data: { notified: [] } });
    // The same answer as for a handle nobody has: nothing tells the author the user exists.
    const nobody = await write(ann, job.id, `@nobody-${uniqueId("x")}`);
    expect(nobody).toMatchObject({ ok: true, data: { notified: [] } });
    expect(await mentionsOf(job.id)).toEqual([]);
  });

  test("on a finished job notify no one (nothing would ever resolve it)", async () => {
    const job = await staffJob();
    expect(await completeStaffJob.run(actorOf(ann), { jobId: job.id }, run)).toMatchObject({ ok: true });
    expect(await write(bo, job.id, `${mention(ann)} closed it, FYI.`)).toMatchObject({ ok: true, data: { notified: [] } });
    expect(await mentionsOf(job.id)).toEqual([]);
  });

  test("of a deleted note leave the unread count", async () => {
    const job = await staffJob();
    const written = await write(ann, job.id, `${mention(bo)} wrong job, sorry`);
    if (!written.ok) throw new Error("note not written");
    await deleteStaffJobNote.run(actorOf(ann), { noteId: written.data.noteId }, run);
    const [notification] = await mentionsOf(job.id);
    expect(notification?.resolvedAt).toBeInstanceOf(Date);
    const item = (await listInbox(t.prisma, bo.id)).items.find((i) => i.job.id === job.id && i.title.includes("mentioned you"));
    expect(item?.body).toBe("The note was deleted since.");
  });
});

describe("notes visible to the person", () => {
  async function documentOf(owner: UserRow) {
    return t.prisma.document.create({
      data: { ownerId: owner.id, fileName: "passport.pdf", contentType: "application/pdf", sizeBytes: 4, content: Buffer.from("%PDF") },
    });
  }

  test("show on the owner's todo item for the rejected document, and only there", async () => {
    const owner = await createUser(t.prisma);
    const stranger = await createUser(t.prisma);
    const document = await documentOf(owner);
    const { job } = await jobRequested(t.prisma, { target: { type: "document", id: document.id }, jobType: "staff.review-document" });

    expect(await write(ann, job.id, "The scan cuts off the expiry date: see https://example.test/help.", true)).toMatchObject({ ok: true });
    expect(await write(ann, job.id, "Internal: looks like the same person as last week.")).toMatchObject({ ok: true });
    await reviewDocument(t.prisma, bo.id, { documentId: document.id, decision: "reject", reason: "Expiry date not readable" });
    // Someone else's item naming the same document (a request made over the API, say) shows nothing.
    await jobRequested(t.prisma, {
      target: { type: "user", id: stranger.id },
      jobType: "documents.upload-replacement",
      assignedTo: stranger.id,
      metadata: { documentId: document.id, reason: "forged" },
    });

    const { pending } = await getTodoList(t.prisma, owner.id);
    const replacement = pending.find((item) => item.jobType === "documents.upload-replacement");
    expect(replacement?.staffNotes.map((note) => note.body)).toEqual(["The scan cuts off the expiry date: see https://example.test/help."]);
    expect(pending.filter((item) => item !== replacement).flatMap((item) => item.staffNotes)).toEqual([]);

    const strangers = await getTodoList(t.prisma, stranger.id);
    expect(strangers.pending.flatMap((item) => item.staffNotes)).toEqual([]);
  });

  test("a deleted or hidden-again note no longer shows", async () => {
    const owner = await createUser(t.prisma);
    const document = await documentOf(owner);
    const { job } = await jobRequested(t.prisma, { target: { type: "document", id: document.id }, jobType: "staff.review-document" });
    const first = await write(ann, job.id, "Shown, then hidden.", true);
    const second = await write(ann, job.id, "Shown, then deleted.", true);
    if (!first.ok || !second.ok) throw new Error("notes not written");
    await reviewDocument(t.prisma, bo.id, { documentId: document.id, decision: "reject", reason: "Blurry photo" });

    await editStaffJobNote.run(actorOf(ann), { noteId: first.data.noteId, body: "Shown, then hidden.", visibleToSubject: false }, run);
    await deleteStaffJobNote.run(actorOf(ann), { noteId: second.data.noteId }, run);
    const { pending } = await getTodoList(t.prisma, owner.id);
    expect(pending.flatMap((item) => item.staffNotes)).toEqual([]);
  });

  test("cannot be asked for on a type that keeps its notes among staff", async () => {
    const job = await staffJob("staff.rejected-upload");
    expect(await write(ann, job.id, "Please send a PDF.", true)).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { visibleToSubject: [expect.any(String)] } },
    });
    expect(await t.prisma.jobNote.count({ where: { jobId: job.id } })).toBe(0);
  });
});

test("a note on a job that does not exist is refused as not found", async () => {
  expect(await write(ann, "0190a0b0-0000-7000-8000-000000000099", "hello")).toMatchObject({ ok: false, error: { code: "not_found" } });
  expect(await t.prisma.jobNote.count({ where: { jobId: "0190a0b0-0000-7000-8000-000000000099" } })).toBe(0);
});
