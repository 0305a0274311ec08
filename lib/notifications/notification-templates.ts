import type { Job } from "@/lib/jobs";
import type { JobTypeDefinition } from "@/lib/jobs/registry";
import type { RuleKind } from "./rule-key";
import { createEmailChangeToken } from "./email-change-token";
import { createInviteToken } from "./invite-token";
import { createPasswordResetToken } from "./password-reset-token";
import { createVerifyEmailToken } from "./verify-email-token";

// What notifications say. A template renders the channels its rules use; the
// delivery adds what every email of a kind must carry (the unsubscribe footer
// and headers of reminders), so no template can forget it.

export interface TemplateContext {
  /** The job type; undefined only for a type removed from the registry. */
  jobType: JobTypeDefinition | undefined;
  job: Pick<Job, "id" | "jobType" | "targetType" | "targetId" | "dueAt" | "expiresAt" | "createdAt">;
  kind: RuleKind;
  /** Where the job is done, absolute (emails) or relative (in-app); null if it has no page. */
  jobUrl: string | null;
}

export interface EmailContext extends TemplateContext {
  appUrl: string;
  recipient: { id: string; email: string; name: string | null };
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface InAppContent {
  title: string;
  body: string;
}

export interface NotificationTemplate {
  email?: (ctx: EmailContext) => EmailContent;
  inApp?: (ctx: TemplateContext) => InAppContent;
}

export type NotificationTemplates = Readonly<Record<string, NotificationTemplate>>;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const titleOf = (ctx: TemplateContext) => ctx.jobType?.title ?? "A task";
// No name in the greeting: it is text a person typed, and emails go to
// addresses nobody has verified yet (a sign-up mails whatever address was
// given), so it could carry someone else's message to a stranger.
const greeting = (_ctx: EmailContext) => "Hello,";

function emailHtml(paragraphs: string[], link?: { href: string; label: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  const button = link ? `\n<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : "";
  return `<!doctype html>\n<html><body style="font-family: system-ui, sans-serif; line-height: 1.5">\n${body}${button}\n</body></html>`;
}

function emailText(paragraphs: string[], link?: { href: string; label: string }): string {
  return [...paragraphs, ...(link ? [`${link.label}: ${link.href}`] : [])].join("\n\n");
}

function inAppFor(ctx: TemplateContext): InAppContent {
  const title = titleOf(ctx);
  switch (ctx.kind) {
    case "reminder":
      return { title: `Reminder: ${title}`, body: ctx.jobType?.description ?? "This is still waiting for you." };
    case "expired":
      return { title: `Expired: ${title}`, body: "This ran out of time and was closed. Nothing is lost: ask us if you still need it." };
    case "escalated":
      return { title: `Overdue: ${title}`, body: "It missed its service level and is now in the escalation queue, at a higher priority." };
    default:
      return { title, body: ctx.jobType?.description ?? "Something new needs your attention." };
  }
}

function verifyLink(ctx: EmailContext): string {
  const url = new URL("/account/verify-email", ctx.appUrl);
  url.searchParams.set("token", createVerifyEmailToken(ctx.job.targetId));
  return url.toString();
}

export const notificationTemplates = {
  "verify-email": {
    email(ctx) {
      const link = { href: verifyLink(ctx), label: "Verify your email address" };
      const paragraphs =
        ctx.kind === "reminder"
          ? [
              greeting(ctx),
              "You have not verified your email address yet. Open the link below to confirm it is yours; it works for 7 days.",
            ]
          : [
              greeting(ctx),
              "Welcome to jtbd. Please confirm this is your email address by opening the link below; it works for 7 days.",
              "If you did not sign up, ignore this email.",
            ];
      return {
        subject: ctx.kind === "reminder" ? "Reminder: verify your email address" : "Verify your email address",
        text: emailText(paragraphs, link),
        html: emailHtml(paragraphs, link),
      };
    },
    inApp: (ctx) => ({ ...inAppFor(ctx), body: "We emailed you a link. Open it to confirm your address." }),
  },
  "job-requested": {
    email(ctx) {
      const link = ctx.jobUrl ? { href: ctx.jobUrl, label: "Open it" } : undefined;
      const paragraphs = [
        greeting(ctx),
        `There is something new for you to do: ${titleOf(ctx)}.`,
        ...(ctx.jobType?.description ? [ctx.jobType.description] : []),
      ];
      return { subject: titleOf(ctx), text: emailText(paragraphs, link), html: emailHtml(paragraphs, link) };
    },
    inApp: inAppFor,
  },
  "job-reminder": {
    email(ctx) {
      const link = ctx.jobUrl ? { href: ctx.jobUrl, label: "Pick up where you left off" } : undefined;
      const paragraphs = [
        greeting(ctx),
        `A quick reminder: "${titleOf(ctx)}" is still waiting for you.`,
        ...(ctx.jobType?.description ? [ctx.jobType.description] : []),
      ];
      return { subject: `Reminder: ${titleOf(ctx)}`, text: emailText(paragraphs, link), html: emailHtml(paragraphs, link) };
    },
    inApp: inAppFor,
  },
  "job-expired": {
    inApp: inAppFor,
  },
  "job-escalated": {
    inApp: inAppFor,
  },
  "reset-password": {
    email(ctx) {
      const url = new URL("/reset-password/new", ctx.appUrl);
      url.searchParams.set("token", createPasswordResetToken(ctx.job.id));
      const link = { href: url.toString(), label: "Choose a new password" };
      const paragraphs = [
        "Hello,",
        "Someone (we hope you) asked to reset the password of the jtbd account with this email address. Open the link below to choose a new one; it works once, for an hour.",
        "If you did not ask, ignore this email: your password stays as it is.",
      ];
      return { subject: "Reset your jtbd password", text: emailText(paragraphs, link), html: emailHtml(paragraphs, link) };
    },
  },
  "sign-up-attempted": {
    email(ctx) {
      const link = { href: new URL("/signin", ctx.appUrl).toString(), label: "Sign in" };
      const reset = new URL("/reset-password", ctx.appUrl).toString();
      const paragraphs = [
        "Hello,",
        "Someone tried to create a jtbd account with this email address, which already has one.",
        `If it was you, sign in with the link below, or reset your password if you forgot it: ${reset}`,
        "If it was not you, nothing changed: you can ignore this email.",
      ];
      return {
        subject: "Someone tried to sign up with your email address",
        text: emailText(paragraphs, link),
        html: emailHtml(paragraphs, link),
      };
    },
  },
  // The email change's two emails carry fixed words only: not the new
  // address (typed by whoever asked) in the mail to the current one, nothing
  // of the account in the mail to the new one.
  "confirm-email-change": {
    email(ctx) {
      const url = new URL("/confirm-email-change", ctx.appUrl);
      url.searchParams.set("token", createEmailChangeToken(ctx.job.id));
      const link = { href: url.toString(), label: "Confirm this address" };
      const paragraphs = [
        "Hello,",
        "Someone asked to use this email address for their jtbd account. If it was you, open the link below and enter your password to finish the change; it works once, for a day.",
        "If it was not you, ignore this email: nothing changes unless the link is used.",
      ];
      return { subject: "Confirm your new jtbd email address", text: emailText(paragraphs, link), html: emailHtml(paragraphs, link) };
    },
  },
  "email-change-requested": {
    email(ctx) {
      const link = { href: new URL("/reset-password", ctx.appUrl).toString(), label: "Reset your password" };
      const paragraphs = [
        "Hello,",
        "Someone signed in to your jtbd account asked to change its email address. We sent a link to the new address; the change happens only if it is opened there, within a day.",
        "If it was not you, reset your password now: a new password signs out every device and cancels the change.",
      ];
      return { subject: "Your jtbd email address is being changed", text: emailText(paragraphs, link), html: emailHtml(paragraphs, link) };
    },
  },
  // Goes to an address nobody has verified: fixed words only, nothing the
  // inviter typed (not their name, not their team's), so it cannot carry
  // someone else's message. The link's page names the team once it is opened.
  // The job is the invitation's delivery: its target is the invite.
  invitation: {
    email(ctx) {
      const url = new URL("/join", ctx.appUrl);
      url.searchParams.set("token", createInviteToken(ctx.job.targetId));
      const link = { href: url.toString(), label: "Join your colleague's team" };
      const paragraphs = [
        "Hello,",
        "A colleague invited you to work with them on jtbd.",
        "Open the link below to sign up (or sign in) and join their team. It works once, for 14 days, for this email address.",
        "If you were not expecting this, ignore this email: nothing happens unless you join.",
      ];
      return { subject: "You are invited to jtbd", text: emailText(paragraphs, link), html: emailHtml(paragraphs, link) };
    },
  },
} as const satisfies NotificationTemplates;
