import { v7 as uuidv7 } from "uuid";
import { jobTypes } from "@/lib/jobs/job-types";

// A synthetic population for the demo and the benchmarks: people who signed
// up over the past weeks and moved through onboarding at realistic, different
// rates, with the documents, invites and staff jobs their steps produce.
// Pure generation (deterministic for a seed); lib/demo/insert-population.ts
// writes it in bulk. Product code never writes jobs like this — only the
// signals do — but building 10^6 historical jobs one signal at a time would
// measure the seed, not the product.

export interface PopulationOptions {
  people: number;
  /** Sign-ups spread over this many days before `now`. */
  days?: number;
  now?: Date;
  randomSeed?: number;
  /** Staff who claim and resolve staff jobs. */
  staffIds: string[];
  /** Chance of finishing each onboarding step, given the previous one was finished. */
  stepCompletion?: number[];
  /** Emails are `${emailPrefix}${n}@example.test`; change it to add a second population. */
  emailPrefix?: string;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
  emailVerified: Date | null;
  company: string | null;
  jobTitle: string | null;
}

export type JobStatus = "pending" | "completed" | "cancelled" | "expired";

export interface JobRow {
  id: string;
  jobType: string;
  status: JobStatus;
  targetType: string;
  targetId: string;
  assignedToId: string | null;
  priority: "low" | "normal" | "high" | "urgent";
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  expiresAt: Date | null;
  dueAt: Date | null;
  metadata: Record<string, unknown>;
  completedById: string | null;
  completionSource: "user" | "staff" | "system" | "auto" | null;
  resolutionNote: string | null;
}

export interface DocumentRow {
  id: string;
  ownerId: string;
  fileName: string;
  status: "pending_review" | "approved" | "rejected";
  rejectionReason: string | null;
  reviewedById: string | null;
  reviewedAt: Date | null;
  createdAt: Date;
}

export interface InviteRow {
  id: string;
  inviterId: string;
  email: string;
  status: "sent" | "bounced";
  bounce: string | null;
  createdAt: Date;
}

export interface NotificationRow {
  id: string;
  jobId: string;
  recipientId: string;
  /** Where an email went when not to the recipient's own address (an invitation). */
  toAddress: string | null;
  channel: "email" | "in_app";
  templateKey: string;
  rule: string;
  /** Failed: the mail server refused it (a bounced invitation). */
  status: "sent" | "failed";
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  readAt: Date | null;
  actionedAt: Date | null;
  resolvedAt: Date | null;
}

/** A team: its founder's, made at sign-up; some have had others join since. */
export interface OrganisationRow {
  id: string;
  name: string;
  website: string | null;
  industry: string | null;
  createdAt: Date;
}

export interface MembershipRow {
  userId: string;
  organisationId: string;
  role: "owner" | "admin" | "member";
  createdAt: Date;
}

export interface Population {
  users: UserRow[];
  organisations: OrganisationRow[];
  memberships: MembershipRow[];
  jobs: JobRow[];
  documents: DocumentRow[];
  invites: InviteRow[];
  notifications: NotificationRow[];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FIRST = [
  "Mina",
  "Jonas",
  "Priya",
  "Tomás",
  "Ife",
  "Lena",
  "Kenji",
  "Sofia",
  "Omar",
  "Grace",
  "Noah",
  "Aisha",
  "Luca",
  "Mei",
  "Ravi",
  "Zoe",
  "Ana",
  "Felix",
  "Hana",
  "Yusuf",
];
const LAST = [
  "Okafor",
  "Schmidt",
  "Iyer",
  "García",
  "Adeyemi",
  "Novak",
  "Tanaka",
  "Rossi",
  "Haddad",
  "Kim",
  "Berg",
  "Mensah",
  "Costa",
  "Chen",
  "Patel",
  "Dubois",
  "Silva",
  "Nowak",
  "Sato",
  "Ali",
];
const COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell"];
const INDUSTRIES = ["Logistics", "Retail", "Healthcare", "Software", "Finance", "Education"];
const TITLES = ["Analyst", "Engineer", "Designer", "Manager", "Founder", "Consultant"];
const REJECTIONS = [
  "The photo is blurry",
  "The document has expired",
  "The name does not match the account",
  "Only the first page was uploaded",
];

/** mulberry32: small, fast and deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatePopulation(options: PopulationOptions): Population {
  const rand = prng(options.randomSeed ?? 20261124);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const now = (options.now ?? new Date()).getTime();
  const days = options.days ?? 56;
  const completion = options.stepCompletion ?? [0.86, 0.74, 0.62, 0.52, 0.48];
  const steps = jobTypes.onboardingSteps();
  const prefix = options.emailPrefix ?? "person";
  const out: Population = { users: [], organisations: [], memberships: [], jobs: [], documents: [], invites: [], notifications: [] };
  // Teams draw from a random stream of their own, so adding them left every
  // other number of the population (and the bench's dataset) as it was.
  const teamRand = prng((options.randomSeed ?? 20261124) ^ 0x7ea3);
  const teams: { organisation: OrganisationRow; members: MembershipRow[] }[] = [];
  const staffPick = () => (options.staffIds.length ? pick(options.staffIds) : null);

  const job = (
    partial: Omit<
      JobRow,
      | "id"
      | "updatedAt"
      | "priority"
      | "completedById"
      | "completionSource"
      | "resolutionNote"
      | "dueAt"
      | "expiresAt"
      | "assignedToId"
      | "metadata"
    > &
      Partial<JobRow>,
  ): JobRow => {
    const row: JobRow = {
      id: uuidv7({ msecs: partial.createdAt.getTime() }),
      priority: "normal",
      assignedToId: null,
      dueAt: null,
      expiresAt: null,
      metadata: {},
      completedById: null,
      completionSource: null,
      resolutionNote: null,
      ...partial,
      updatedAt: partial.completedAt ?? partial.createdAt,
    };
    out.jobs.push(row);
    return row;
  };

  for (let n = 0; n < options.people; n++) {
    // More sign-ups recently: the product is growing.
    const signedUp = now - Math.pow(rand(), 1.4) * days * DAY;
    const first = pick(FIRST);
    const last = pick(LAST);
    const user: UserRow = {
      id: uuidv7({ msecs: signedUp }),
      email: `${prefix}${n}@example.test`,
      name: `${first} ${last}`,
      createdAt: new Date(signedUp),
      emailVerified: null,
      company: null,
      jobTitle: null,
    };
    out.users.push(user);
    joinOrFoundTeam(user);
    const target = { targetType: "user", targetId: user.id };

    let at = signedUp;
    let going = true;
    for (const [i, step] of steps.entries()) {
      const expiresAt = step.expiresAfterHours ? new Date(signedUp + step.expiresAfterHours * HOUR) : null;
      // Finished steps take minutes to days each; some people come back a week later.
      const took = (rand() < 0.75 ? rand() * rand() * 2 : 1 + rand() * 8) * DAY;
      const finishedAt = at + took;
      const finishes = going && rand() < completion[i]! && finishedAt < now && (!expiresAt || finishedAt < expiresAt.getTime());
      if (!finishes) going = false;
      const dismissed = finishes && step.dismissible === true && rand() < 0.18;
      const lapsed = !finishes && expiresAt !== null && expiresAt.getTime() <= now;
      job({
        ...target,
        jobType: step.key,
        assignedToId: user.id,
        createdAt: new Date(signedUp),
        expiresAt,
        status: finishes ? (dismissed ? "cancelled" : "completed") : lapsed ? "expired" : "pending",
        completedAt: finishes ? new Date(finishedAt) : null,
        completedById: finishes && (dismissed || step.completion === "manual") ? user.id : null,
        completionSource: finishes ? (dismissed || step.completion === "manual" ? "user" : "auto") : null,
        resolutionNote: dismissed ? "Not now" : null,
      });
      if (!finishes) continue;
      at = finishedAt;

      if (step.key === "onboarding.verify-email") user.emailVerified = new Date(finishedAt);
      if (step.key === "onboarding.complete-profile") {
        user.company = pick(COMPANIES);
        user.jobTitle = pick(TITLES);
      }
      if (step.key === "onboarding.upload-document") uploadedDocument(user, finishedAt);
      // The step completed when the mail server took the invitation, seconds after it was sent.
      if (step.key === "onboarding.invite-teammate" && !dismissed) sentInvite(user, `${prefix}${n}.team@example.com`, finishedAt, null);
    }

    // Handled failures that became staff jobs instead of log lines.
    if (rand() < 0.06) {
      const when = signedUp + rand() * (now - signedUp);
      const done = now - when > 3 * DAY && rand() < 0.7;
      const doneAt = when + rand() * 3 * DAY;
      job({
        ...target,
        jobType: "staff.rejected-upload",
        createdAt: new Date(when),
        dueAt: new Date(when + 72 * HOUR),
        status: done ? "completed" : "pending",
        completedAt: done ? new Date(doneAt) : null,
        completedById: done ? staffPick() : null,
        completionSource: done ? "staff" : null,
        resolutionNote: done ? "Helped them convert the file to PDF" : null,
        assignedToId: !done && rand() < 0.3 ? staffPick() : null,
        metadata: {
          error: { name: "AppError", code: "invalid_input", message: "Files of type image/heic are not accepted." },
          context: { fileName: "scan.heic", contentType: "image/heic", sizeBytes: 5_800_000 },
        },
      });
    }
    // Invitations a mail server refused: each its own cancelled delivery job,
    // and one staff job per inviter however many bounced (as sendInvite and
    // the invite receivers leave them).
    if (rand() < 0.04 && now - signedUp > 2 * HOUR) {
      const when = signedUp + rand() * (now - signedUp - 2 * HOUR);
      const bounced = Array.from({ length: rand() < 0.25 ? 2 : 1 }, (_, i) => {
        const email = `colleague${n}.${i}@nowhere.invalid`;
        return sentInvite(user, email, when + i * HOUR, `550 5.1.1 <${email}>: the domain nowhere.invalid cannot receive mail`);
      });
      const first = bounced[0]!;
      job({
        ...target,
        jobType: "staff.bounced-invites",
        createdAt: first.answeredAt,
        dueAt: new Date(first.answeredAt.getTime() + 72 * HOUR),
        status: "pending",
        completedAt: null,
        assignedToId: rand() < 0.3 ? staffPick() : null,
        metadata: {
          error: { name: "Error", message: first.invite.bounce },
          context: { inviteId: first.invite.id, email: first.invite.email },
          reportedAt: first.answeredAt.toISOString(),
        },
      });
    }
  }
  for (const team of teams) teamJobs(team);
  for (const row of out.jobs) notificationsFor(row);
  return out;

  /**
   * About a third of people joined a colleague's team (as a member, some as
   * admins); the rest have their own from sign-up, as its owner. Teams take
   * up to five people; someone joining a team founded after they signed up
   * joined it when it was founded.
   */
  function joinOrFoundTeam(user: UserRow) {
    const open = teams.filter((t) => t.members.length < 5);
    if (open.length > 0 && teamRand() < 0.35) {
      const team = open[Math.floor(teamRand() * open.length)]!;
      const joinedAt = Math.max(user.createdAt.getTime(), team.organisation.createdAt.getTime() + HOUR);
      const membership: MembershipRow = {
        userId: user.id,
        organisationId: team.organisation.id,
        role: teamRand() < 0.3 ? "admin" : "member",
        createdAt: new Date(Math.min(joinedAt, now)),
      };
      team.members.push(membership);
      out.memberships.push(membership);
      return;
    }
    const organisation: OrganisationRow = {
      id: uuidv7({ msecs: user.createdAt.getTime() }),
      name: `${user.name}'s team`,
      website: null,
      industry: null,
      createdAt: user.createdAt,
    };
    const owner: MembershipRow = { userId: user.id, organisationId: organisation.id, role: "owner", createdAt: user.createdAt };
    out.organisations.push(organisation);
    out.memberships.push(owner);
    teams.push({ organisation, members: [owner] });
  }

  /**
   * A team's onboarding jobs as the product leaves them: about the team,
   * assigned to nobody. Company details added by an owner or admin within
   * days, for most teams; "invite two teammates" done by itself when the
   * third person joined.
   */
  function teamJobs({ organisation, members }: { organisation: OrganisationRow; members: MembershipRow[] }) {
    const target = { targetType: "organisation", targetId: organisation.id, createdAt: organisation.createdAt };
    const detailsAt = organisation.createdAt.getTime() + teamRand() * teamRand() * 6 * DAY;
    const admins = members.filter((m) => m.role !== "member" && m.createdAt.getTime() <= detailsAt);
    const detailed = admins.length > 0 && detailsAt < now && teamRand() < 0.6;
    if (detailed) {
      organisation.website = `https://${organisation.id.slice(-8)}.example.com`;
      organisation.industry = INDUSTRIES[Math.floor(teamRand() * INDUSTRIES.length)]!;
    }
    job({
      ...target,
      jobType: "organisation.add-company-details",
      status: detailed ? "completed" : "pending",
      completedAt: detailed ? new Date(detailsAt) : null,
      completedById: detailed ? admins[Math.floor(teamRand() * admins.length)]!.userId : null,
      completionSource: detailed ? "user" : null,
      metadata: detailed ? { fields: ["name", "website", "industry"] } : {},
    });
    const third = members.map((m) => m.createdAt.getTime()).sort((a, b) => a - b)[2];
    job({
      ...target,
      jobType: "organisation.invite-two-teammates",
      status: third !== undefined ? "completed" : "pending",
      completedAt: third !== undefined ? new Date(third) : null,
      completionSource: third !== undefined ? "auto" : null,
      metadata: third !== undefined ? { members: 3 } : {},
    });
  }

  /**
   * The notifications the job's type rules would have sent to its assignee
   * (rules to staff roles are left out of the history): on request, a reminder
   * if it was still pending after the rule's hours, and on expiry. Read,
   * actioned and resolved as the job's own history says.
   */
  function notificationsFor(row: JobRow) {
    const rules = jobTypes.get(row.jobType)?.notifications ?? [];
    if (!row.assignedToId || row.targetType !== "user") return;
    const endedAt = row.completedAt ?? (row.status === "expired" ? row.expiresAt : null);
    for (const rule of rules) {
      if (!rule.to.includes("assignee")) continue;
      let at: number;
      if (rule.on === "requested") at = row.createdAt.getTime();
      else if (rule.on === "reminder") {
        at = row.createdAt.getTime() + rule.afterHours * HOUR;
        if (at >= now || (endedAt && endedAt.getTime() <= at)) continue;
      } else if (rule.on === "expired") {
        if (row.status !== "expired" || !row.expiresAt) continue;
        at = row.expiresAt.getTime();
      } else continue; // SLA breaches: staff jobs, no history here
      for (const channel of rule.channels) {
        const readAt = channel === "in_app" && rand() < 0.55 ? Math.min(now, at + rand() * 2 * DAY) : null;
        out.notifications.push({
          id: uuidv7({ msecs: at }),
          jobId: row.id,
          recipientId: row.assignedToId,
          channel,
          templateKey: rule.template,
          rule: rule.on === "reminder" ? `reminder-${rule.afterHours}h` : rule.on,
          toAddress: null,
          status: "sent",
          lastError: null,
          createdAt: new Date(at),
          sentAt: new Date(at),
          readAt: readAt && (!endedAt || readAt <= endedAt.getTime() || rand() < 0.5) ? new Date(readAt) : null,
          actionedAt: row.status === "completed" && row.completedAt ? row.completedAt : null,
          resolvedAt: channel === "in_app" && endedAt ? endedAt : null,
        });
      }
    }
  }

  /**
   * An invitation as sendInvite makes it and its delivery leaves it: the invite
   * (sent, or bounced with the server's answer), its invites.deliver-invitation
   * job (completed when the server took the email, cancelled on a refusal) and
   * that job's email to the invitee. `answeredAt` is when the server answered.
   */
  function sentInvite(inviter: UserRow, email: string, answeredAt: number, bounce: string | null): { invite: InviteRow; answeredAt: Date } {
    const sentAt = answeredAt - (1 + rand() * 20) * 1000;
    const invite: InviteRow = {
      id: uuidv7({ msecs: sentAt }),
      inviterId: inviter.id,
      email,
      status: bounce ? "bounced" : "sent",
      bounce,
      createdAt: new Date(sentAt),
    };
    out.invites.push(invite);
    const notificationId = uuidv7({ msecs: sentAt });
    const answered = new Date(answeredAt);
    const delivery = job({
      targetType: "invite",
      targetId: invite.id,
      jobType: "invites.deliver-invitation",
      createdAt: new Date(sentAt),
      expiresAt: new Date(sentAt + (jobTypes.get("invites.deliver-invitation")?.expiresAfterHours ?? 168) * HOUR),
      status: bounce ? "cancelled" : "completed",
      completedAt: answered,
      completionSource: bounce ? "system" : "auto",
      resolutionNote: bounce,
      metadata: bounce ? { inviterId: inviter.id, bounce, notificationId } : { inviterId: inviter.id, notificationId },
    });
    out.notifications.push({
      id: notificationId,
      jobId: delivery.id,
      recipientId: inviter.id,
      toAddress: email,
      channel: "email",
      templateKey: "invitation",
      rule: "requested",
      status: bounce ? "failed" : "sent",
      lastError: bounce ? `Error: ${bounce}` : null,
      createdAt: new Date(sentAt),
      sentAt: bounce ? null : answered,
      readAt: null,
      actionedAt: bounce ? null : answered,
      resolvedAt: null,
    });
    return { invite, answeredAt: answered };
  }

  function uploadedDocument(user: UserRow, uploadedAt: number) {
    const doc: DocumentRow = {
      id: uuidv7({ msecs: uploadedAt }),
      ownerId: user.id,
      fileName: `${user.name.split(" ")[1]!.toLowerCase()}-passport.pdf`,
      status: "pending_review",
      rejectionReason: null,
      reviewedById: null,
      reviewedAt: null,
      createdAt: new Date(uploadedAt),
    };
    out.documents.push(doc);
    // Most documents are reviewed within two days; the newest are waiting.
    const reviewedAt = uploadedAt + (0.1 + rand() * 2.5) * DAY;
    const reviewed = reviewedAt < now && rand() < 0.93;
    const rejected = reviewed && rand() < 0.12;
    const reviewer = staffPick();
    if (reviewed) {
      doc.status = rejected ? "rejected" : "approved";
      doc.rejectionReason = rejected ? pick(REJECTIONS) : null;
      doc.reviewedById = reviewer;
      doc.reviewedAt = new Date(reviewedAt);
    }
    job({
      targetType: "document",
      targetId: doc.id,
      jobType: "staff.review-document",
      createdAt: new Date(uploadedAt),
      dueAt: new Date(uploadedAt + 48 * HOUR),
      priority: rand() < 0.1 ? "high" : "normal",
      status: reviewed ? "completed" : "pending",
      completedAt: reviewed ? new Date(reviewedAt) : null,
      completedById: reviewed ? reviewer : null,
      completionSource: reviewed ? "staff" : null,
      resolutionNote: reviewed ? (rejected ? `Rejected: ${doc.rejectionReason}` : "Approved") : null,
      assignedToId: !reviewed && rand() < 0.35 ? reviewer : null,
      metadata: { userId: user.id, fileName: doc.fileName, contentType: "application/pdf", sizeBytes: 48_213 },
    });
    if (rejected) {
      const expiresAfter = (jobTypes.get("documents.upload-replacement")?.expiresAfterHours ?? 336) * HOUR;
      const lapsed = reviewedAt + expiresAfter <= now;
      job({
        targetType: "user",
        targetId: user.id,
        jobType: "documents.upload-replacement",
        assignedToId: user.id,
        createdAt: new Date(reviewedAt),
        expiresAt: new Date(reviewedAt + expiresAfter),
        status: lapsed ? "expired" : "pending",
        completedAt: null,
        metadata: { reason: doc.rejectionReason, documentId: doc.id, fileName: doc.fileName },
      });
    }
  }
}
