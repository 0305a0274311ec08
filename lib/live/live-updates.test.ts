import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import pg from "pg";
import type { UserRow } from "@/lib/db/client";
import { jobAssigned, jobCompleted, jobRequested, jobSignals, jobTypes, type JobSignalPayload } from "@/lib/jobs";
import { jobEventsTable } from "@/lib/jobs/job-sql";
import { actorOf, createUser, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { liveUpdatesResponse } from "@/lib/server/live-updates";
import { connectLiveReceivers } from "./connect-live-receivers";
import { JOB_CHANGES_CHANNEL, type JobChange } from "./job-change";
import { JobChangeListener, type ListenerMessage } from "./job-change-listener";
import { visibleJobChange } from "./visible-job-change";

// Live updates on a real PostgreSQL: the receiver's NOTIFY goes out with the
// change's commit (never with a rollback), every process's listener hears it,
// a listener whose connection is killed comes back and says "resync", and a
// person's stream carries only what they may see.

let t: TestDatabase;
let disconnect: () => void;
const listeners: JobChangeListener[] = [];
let alice: UserRow;
let bob: UserRow;
let staff: UserRow;

beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 6 });
  disconnect = connectLiveReceivers();
  alice = await createUser(t.prisma, { role: "user", name: "Alice User" });
  bob = await createUser(t.prisma, { role: "user", name: "Bob User" });
  staff = await createUser(t.prisma, { role: "staff", name: "Sam Staff" });
});
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});
afterAll(async () => {
  disconnect?.();
  await t?.close();
});

/** Messages a listener (or stream) delivered, with a way to wait for one that matches. */
class Inbox<T> {
  readonly items: T[] = [];
  private waiting: { match: (item: T) => boolean; resolve: (item: T) => void }[] = [];
  push = (item: T) => {
    this.items.push(item);
    for (const w of [...this.waiting]) {
      if (w.match(item)) {
        this.waiting.splice(this.waiting.indexOf(w), 1);
        w.resolve(item);
      }
    }
  };
  next(match: (item: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const found = this.items.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nothing matched in ${timeoutMs} ms; got ${JSON.stringify(this.items)}`)), timeoutMs);
      this.waiting.push({
        match,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
      });
    });
  }
}

async function startListener(): Promise<{ listener: JobChangeListener; inbox: Inbox<ListenerMessage> }> {
  const listener = new JobChangeListener({ connectionString: t.url, minDelayMs: 50, maxDelayMs: 500 });
  listeners.push(listener);
  const inbox = new Inbox<ListenerMessage>();
  listener.subscribe(inbox.push);
  await listener.whenListening();
  return { listener, inbox };
}

const changeOf = (jobId: string, kind?: string) => (m: ListenerMessage) =>
  m.type === "change" && m.change.j === jobId && (kind === undefined || m.change.k === kind);

/** A job on `user`'s own list; each call a type they have no pending job of yet (one pending per target and type). */
const userTypes = [
  "onboarding.read-guide",
  "onboarding.complete-profile",
  "onboarding.upload-document",
  "onboarding.invite-teammate",
] as const;
const userJob = async (user?: UserRow) => {
  const owner = user ?? (await createUser(t.prisma, { role: "user" }));
  for (const jobType of userTypes) {
    const pending = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM jtbd.jobs WHERE target_id = ${owner.id} AND job_type = ${jobType} AND status = 'pending'`;
    if (pending[0]?.n === 0) return jobRequested(t.prisma, { target: { type: "user", id: owner.id }, jobType, assignedTo: owner.id });
  }
  throw new Error("no job type left for this user");
};
const staffJob = () => jobRequested(t.prisma, { target: { type: "document", id: uniqueId("doc") }, jobType: "staff.review-document" });

describe("the NOTIFY of a job change", () => {
  test("is sent when the change commits, with the change's job event id", async () => {
    const { inbox } = await startListener();
    const carol = await createUser(t.prisma, { role: "user" });
    const { job } = await userJob(carol);
    const message = await inbox.next(changeOf(job.id, "requested"));
    const [event] = await t.prisma.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM ${jobEventsTable} WHERE job_id = ${job.id}::uuid`;
    expect(message).toEqual({
      type: "change",
      change: {
        e: event!.id,
        j: job.id,
        t: "onboarding.read-guide",
        s: "pending",
        k: "requested",
        a: carol.id,
        p: null,
        b: null,
        n: null,
        o: null,
      },
    });

    await jobCompleted(t.prisma, {
      target: { type: "user", id: carol.id },
      jobType: "onboarding.read-guide",
      source: "user",
      by: carol.id,
    });
    const done = await inbox.next(changeOf(job.id, "completed"));
    expect(done).toMatchObject({ change: { s: "completed", b: carol.id } });
    expect(Number((done as { change: JobChange }).change.e)).toBeGreaterThan(Number(event!.id));
  });

  test("is not sent for a change that is rolled back", async () => {
    const { inbox } = await startListener();
    const target = { type: "user", id: (await createUser(t.prisma)).id };
    let rolledBack: string | null = null;
    await expect(
      t.prisma.$transaction(async (tx) => {
        rolledBack = (await jobRequested(tx, { target, jobType: "onboarding.complete-profile" })).job.id;
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(rolledBack).not.toBeNull();
    // A change committed after it: notifications arrive in commit order on one
    // connection, so had the rolled-back one been sent it would be here first.
    const { job: sentinel } = await userJob();
    await inbox.next(changeOf(sentinel.id));
    expect(inbox.items.filter((m) => m.type === "change" && m.change.j === rolledBack)).toEqual([]);
  });

  test("is not sent when a required receiver fails and the change is undone", async () => {
    const { inbox } = await startListener();
    const boom = async (_: JobSignalPayload) => {
      throw new Error("outbox down");
    };
    const off = jobSignals.requested.connect(boom, { required: true });
    const target = { type: "user", id: (await createUser(t.prisma)).id };
    try {
      await expect(jobRequested(t.prisma, { target, jobType: "onboarding.invite-teammate" })).rejects.toThrow("outbox down");
    } finally {
      off();
    }
    const { job: sentinel } = await staffJob();
    await inbox.next(changeOf(sentinel.id));
    expect(inbox.items.filter((m) => m.type === "change" && m.change.t === "onboarding.invite-teammate")).toEqual([]);
  });

  test("names the new assignee of a staff job, and the one an assignment took the job from", async () => {
    const { inbox } = await startListener();
    const { job } = await staffJob();
    await jobAssigned(t.prisma, { jobId: job.id, assignee: staff.id, expectedAssignee: null, by: staff.id, source: "staff" });
    expect(await inbox.next(changeOf(job.id, "assigned"))).toMatchObject({ change: { a: staff.id, p: null, n: "Sam Staff", b: staff.id } });
    await jobAssigned(t.prisma, { jobId: job.id, assignee: null, by: staff.id, source: "staff" });
    const unassigned = await inbox.next((m) => changeOf(job.id, "assigned")(m) && m.type === "change" && m.change.a === null);
    expect(unassigned).toMatchObject({ change: { a: null, p: staff.id, n: null } });
  });
});

describe("the listener", () => {
  test("two listeners (two app processes) both hear a change", async () => {
    const one = await startListener();
    const two = await startListener();
    const { job } = await staffJob();
    await Promise.all([one.inbox.next(changeOf(job.id)), two.inbox.next(changeOf(job.id))]);
  });

  test("comes back after its connection is terminated, says resync, and hears changes again", async () => {
    const { listener, inbox } = await startListener();
    const pid = listener.backendPid;
    expect(pid).toBeGreaterThan(0);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ ok: boolean }>("SELECT pg_terminate_backend($1) AS ok", [pid]);
      expect(rows[0]?.ok).toBe(true);
    } finally {
      await admin.end();
    }
    await inbox.next((m) => m.type === "resync");
    expect(listener.listening).toBe(true);
    expect(listener.backendPid).not.toBe(pid);
    const { job } = await staffJob();
    await inbox.next(changeOf(job.id));
  });

  test("ignores a NOTIFY on its channel that is not a job change", async () => {
    const { inbox } = await startListener();
    await t.prisma.$executeRawUnsafe(`SELECT pg_notify('${JOB_CHANGES_CHANNEL}', 'not json')`);
    await t.prisma.$executeRawUnsafe(`SELECT pg_notify('${JOB_CHANGES_CHANNEL}', '{"j":"x"}')`);
    const { job } = await staffJob();
    await inbox.next(changeOf(job.id));
    expect(inbox.items.every((m) => m.type === "change" && m.change.j === job.id)).toBe(true);
  });
});

describe("who sees which change", () => {
  const change = (over: Partial<JobChange>): JobChange => ({
    e: "1",
    j: "0190a4b0-0000-7000-8000-000000000001",
    t: "onboarding.read-guide",
    s: "pending",
    k: "requested",
    a: null,
    p: null,
    b: null,
    n: null,
    o: null,
    ...over,
  });
  const me = "0190a4b0-0000-7000-8000-0000000000aa";
  const other = "0190a4b0-0000-7000-8000-0000000000bb";
  const myTeam = "0190a4b0-0000-7000-8000-0000000000cc";
  const otherTeam = "0190a4b0-0000-7000-8000-0000000000dd";
  test.each([
    { label: "a user sees their own job", c: change({ a: me }), role: "user" as const, scope: "own" },
    {
      label: "a user hears of a job taken off their list",
      c: change({ a: other, p: me, k: "assigned" }),
      role: "user" as const,
      scope: "own",
    },
    { label: "a user never sees another person's job", c: change({ a: other }), role: "user" as const, scope: null },
    { label: "a user never sees a staff job", c: change({ t: "staff.review-document" }), role: "user" as const, scope: null },
    {
      label: "a user never sees a staff job assigned to them",
      c: change({ t: "staff.review-document", a: me }),
      role: "user" as const,
      scope: null,
    },
    {
      label: "staff see every staff job",
      c: change({ t: "staff.review-document", a: other, n: "Other" }),
      role: "staff" as const,
      scope: "staff",
    },
    { label: "admins see staff jobs", c: change({ t: "staff.review-document" }), role: "admin" as const, scope: "staff" },
    { label: "product people do not see staff jobs", c: change({ t: "staff.review-document" }), role: "product" as const, scope: null },
    { label: "staff never see another person's own job", c: change({ a: other }), role: "staff" as const, scope: null },
    { label: "staff see their own user job", c: change({ a: me }), role: "staff" as const, scope: "own" },
    { label: "an unknown job type is nobody's", c: change({ t: "nope.gone", a: me }), role: "admin" as const, scope: null },
    {
      label: "a member sees their team's job",
      c: change({ t: "organisation.invite-two-teammates", o: myTeam }),
      role: "user" as const,
      scope: "own",
    },
    {
      label: "nobody sees another team's job",
      c: change({ t: "organisation.invite-two-teammates", o: otherTeam }),
      role: "admin" as const,
      scope: null,
    },
  ])("$label", ({ c, role, scope }) => {
    const visible = visibleJobChange(c, { id: me, role, organisationId: myTeam });
    expect(visible?.scope ?? null).toBe(scope);
    // Only staff events name anyone.
    if (visible?.scope === "own") expect(visible).not.toHaveProperty("assigneeName");
  });

  test("the registry has both audiences these rules are about", () => {
    expect(jobTypes.get("onboarding.read-guide")?.audience).toBe("user");
    expect(jobTypes.get("staff.review-document")?.audience).toBe("staff");
    expect(jobTypes.get("organisation.invite-two-teammates")).toMatchObject({ audience: "user", targetType: "organisation" });
  });
});

/** Reads a live stream's frames as { event, id, data }. */
function readStream(response: Response): { inbox: Inbox<{ event: string; id: string | null; data: unknown }>; stop: () => void } {
  const inbox = new Inbox<{ event: string; id: string | null; data: unknown }>();
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let stopped = false;
  void (async () => {
    while (!stopped) {
      const { value, done } = await reader.read();
      if (done) return inbox.push({ event: "(end)", id: null, data: null });
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) !== -1) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const fields = Object.fromEntries(
          block
            .split("\n")
            .filter((line) => !line.startsWith(":") && line.includes(":"))
            .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()]),
        );
        if (fields.event) inbox.push({ event: fields.event, id: fields.id ?? null, data: JSON.parse(fields.data ?? "null") });
        else if (block.startsWith(":")) inbox.push({ event: "(comment)", id: null, data: block });
      }
    }
  })();
  return {
    inbox,
    stop: () => {
      stopped = true;
      void reader.cancel();
    },
  };
}

describe("a person's stream (/api/live)", () => {
  test("signed out: 401, no stream", async () => {
    const { listener } = await startListener();
    const response = await liveUpdatesResponse(new Request("http://test/api/live"), { db: t.prisma, listener, actor: null });
    expect(response.status).toBe(401);
  });

  test("without a listener (the embedded database): 204, which tells EventSource not to retry", async () => {
    const response = await liveUpdatesResponse(new Request("http://test/api/live"), {
      db: t.prisma,
      listener: null,
      actor: actorOf(alice),
    });
    expect(response.status).toBe(204);
  });

  test("carries the person's own job changes and nothing of anyone else's; staff get staff jobs with who took them", async () => {
    const { listener } = await startListener();
    const abort = new AbortController();
    const open = async (user: UserRow) => {
      const response = await liveUpdatesResponse(new Request("http://test/api/live", { signal: abort.signal }), {
        db: t.prisma,
        listener,
        actor: actorOf(user),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const stream = readStream(response);
      await stream.inbox.next((f) => f.event === "ready");
      return stream;
    };
    const [aliceStream, staffStream] = [await open(alice), await open(staff)];
    try {
      const { job: bobs } = await userJob(bob);
      const { job: review } = await staffJob();
      await jobAssigned(t.prisma, { jobId: review.id, assignee: staff.id, expectedAssignee: null, by: staff.id, source: "staff" });
      const { job: alices } = await jobRequested(t.prisma, {
        target: { type: "user", id: alice.id },
        jobType: "onboarding.upload-document",
        assignedTo: alice.id,
      });

      const own = await aliceStream.inbox.next((f) => f.event === "job" && (f.data as { jobId: string }).jobId === alices.id);
      expect(own.data).toMatchObject({ scope: "own", jobType: "onboarding.upload-document", status: "pending", change: "requested" });
      expect(own.id).toMatch(/^\d+$/);
      const taken = await staffStream.inbox.next((f) => f.event === "job" && (f.data as { change: string }).change === "assigned");
      expect(taken.data).toMatchObject({
        scope: "staff",
        jobId: review.id,
        assigneeId: staff.id,
        assigneeName: "Sam Staff",
        byViewer: true,
      });
      // Alice's own change came after the others, so they were not held back: they were never sent.
      const ids = JSON.stringify(aliceStream.inbox.items);
      expect(ids).not.toContain(bobs.id);
      expect(ids).not.toContain(review.id);
      expect(JSON.stringify(staffStream.inbox.items)).not.toContain(bobs.id);
    } finally {
      abort.abort();
      aliceStream.stop();
      staffStream.stop();
    }
    // Only the test's own inbox is left subscribed.
    await expect.poll(() => listener.subscriberCount).toBe(1);
  });

  test("a team job reaches its organisation's members and no one else", async () => {
    const { listener } = await startListener();
    const team = await t.prisma.organisation.create({ data: { name: uniqueId("team") } });
    const [member, outsider] = [await createUser(t.prisma), await createUser(t.prisma)];
    await t.prisma.membership.create({ data: { userId: member.id, organisationId: team.id, role: "member" } });
    const abort = new AbortController();
    const open = async (user: UserRow) => {
      const stream = readStream(
        await liveUpdatesResponse(new Request("http://test/api/live", { signal: abort.signal }), {
          db: t.prisma,
          listener,
          actor: actorOf(user),
        }),
      );
      await stream.inbox.next((f) => f.event === "ready");
      return stream;
    };
    const [memberStream, outsiderStream] = [await open(member), await open(outsider)];
    try {
      const { job } = await jobRequested(t.prisma, {
        target: { type: "organisation", id: team.id },
        jobType: "organisation.invite-two-teammates",
      });
      expect((await memberStream.inbox.next((f) => f.event === "job")).data).toMatchObject({ scope: "own", jobId: job.id });
      // The outsider's own job after it: the team job was never sent to them.
      const { job: own } = await userJob(outsider);
      await outsiderStream.inbox.next((f) => f.event === "job" && (f.data as { jobId: string }).jobId === own.id);
      expect(JSON.stringify(outsiderStream.inbox.items)).not.toContain(job.id);
    } finally {
      abort.abort();
      memberStream.stop();
      outsiderStream.stop();
    }
  });

  test("a reconnect with Last-Event-ID is told to read everything again", async () => {
    const { listener } = await startListener();
    const abort = new AbortController();
    const response = await liveUpdatesResponse(
      new Request("http://test/api/live", { signal: abort.signal, headers: { "Last-Event-ID": "42" } }),
      { db: t.prisma, listener, actor: actorOf(alice) },
    );
    const stream = readStream(response);
    await stream.inbox.next((f) => f.event === "resync");
    abort.abort();
    stream.stop();
  });

  test("a listener reconnect reaches open streams as resync", async () => {
    const { listener } = await startListener();
    const abort = new AbortController();
    const response = await liveUpdatesResponse(new Request("http://test/api/live", { signal: abort.signal }), {
      db: t.prisma,
      listener,
      actor: actorOf(staff),
    });
    const stream = readStream(response);
    await stream.inbox.next((f) => f.event === "ready");
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [listener.backendPid]);
    await admin.end();
    await stream.inbox.next((f) => f.event === "resync");
    abort.abort();
    stream.stop();
  });

  test("heartbeats keep it open; it ends with signed-out once the session no longer holds", async () => {
    const { listener } = await startListener();
    const user = await createUser(t.prisma, { role: "staff" });
    const response = await liveUpdatesResponse(new Request("http://test/api/live"), {
      db: t.prisma,
      listener,
      actor: actorOf(user),
      heartbeatMs: 50,
      recheckMs: 100,
    });
    const stream = readStream(response);
    await stream.inbox.next((f) => f.event === "(comment)");
    // "Sign out everywhere" raises the session version.
    await t.prisma.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    await stream.inbox.next((f) => f.event === "signed-out");
    await stream.inbox.next((f) => f.event === "(end)");
    expect(listener.subscriberCount).toBe(1);
  });
});
