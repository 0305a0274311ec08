import { defineJobTypes } from "./registry";

// Every job type jtbd knows. Keys are stored in the database: never rename one,
// add a new type and let the old one drain instead.
export const jobTypes = defineJobTypes([
  {
    key: "onboarding.verify-email",
    // Completed by this app's own domain code when the condition is met: a service must not claim it was.
    api: false,
    title: "Verify your email address",
    description: "Open the link we emailed you, so we can reach you and you can recover your account.",
    audience: "user",
    completion: "system",
    targetType: "user",
    onboardingStep: 1,
    // In progress for 3 days: the link works at once, a week's silence means it was lost.
    windowDays: 3,
    expiresAfterHours: 24 * 30,
    href: "/account/verify-email",
    notifications: [
      { on: "requested", channels: ["email", "in_app"], to: ["assignee"], template: "verify-email" },
      { on: "reminder", afterHours: 24, channels: ["email"], to: ["assignee"], template: "verify-email" },
      { on: "expired", channels: ["in_app"], to: ["assignee"], template: "job-expired" },
    ],
  },
  {
    key: "onboarding.complete-profile",
    // Completed by this app's own domain code when the condition is met: a service must not claim it was.
    api: false,
    title: "Complete your profile",
    description: "Your name, company and role help teammates and our staff know who they are working with.",
    audience: "user",
    completion: "system",
    targetType: "user",
    onboardingStep: 2,
    windowDays: 7,
    expiresAfterHours: 24 * 30,
    href: "/profile",
    notifications: [
      { on: "requested", channels: ["in_app"], to: ["assignee"], template: "job-requested" },
      { on: "reminder", afterHours: 24, channels: ["email"], to: ["assignee"], template: "job-reminder" },
      { on: "expired", channels: ["in_app"], to: ["assignee"], template: "job-expired" },
    ],
  },
  {
    key: "onboarding.upload-document",
    // Completed by this app's own domain code when the condition is met: a service must not claim it was.
    api: false,
    title: "Upload a verification document",
    description: "We check one document before you can work with real data; it usually takes a day.",
    audience: "user",
    completion: "system",
    targetType: "user",
    onboardingStep: 3,
    windowDays: 7,
    expiresAfterHours: 24 * 30,
    href: "/documents",
    notifications: [
      { on: "requested", channels: ["in_app"], to: ["assignee"], template: "job-requested" },
      { on: "reminder", afterHours: 24, channels: ["email"], to: ["assignee"], template: "job-reminder" },
      { on: "expired", channels: ["in_app"], to: ["assignee"], template: "job-expired" },
    ],
  },
  {
    key: "onboarding.invite-teammate",
    // Completed by this app's own domain code when the condition is met: a service must not claim it was.
    api: false,
    title: "Invite a teammate",
    description: "Work goes faster with someone beside you: invite one. Done when they join your team.",
    audience: "user",
    completion: "system",
    targetType: "user",
    dismissible: true,
    onboardingStep: 4,
    windowDays: 14,
    expiresAfterHours: 24 * 30,
    href: "/team",
    notifications: [
      { on: "requested", channels: ["in_app"], to: ["assignee"], template: "job-requested" },
      { on: "reminder", afterHours: 24, channels: ["email"], to: ["assignee"], template: "job-reminder" },
      { on: "expired", channels: ["in_app"], to: ["assignee"], template: "job-expired" },
    ],
  },
  {
    key: "onboarding.read-guide",
    title: "Read the getting started guide",
    description: "Five minutes on how jobs, queues and notifications fit together. Tick it off when you are done.",
    audience: "user",
    completion: "manual",
    targetType: "user",
    dismissible: true,
    onboardingStep: 5,
    windowDays: 14,
    expiresAfterHours: 24 * 30,
    href: "/guide",
    notifications: [
      { on: "requested", channels: ["in_app"], to: ["assignee"], template: "job-requested" },
      { on: "reminder", afterHours: 24, channels: ["email"], to: ["assignee"], template: "job-reminder" },
      { on: "expired", channels: ["in_app"], to: ["assignee"], template: "job-expired" },
    ],
  },
  // An organisation's onboarding (lib/organisations): about the organisation,
  // for a group of its members rather than one person (see `eligible`).
  {
    key: "organisation.add-company-details",
    // Completed by this app's own domain code (saving the details): a service must not claim it was.
    api: false,
    title: "Add your company details",
    description: "Your company's website and industry, so our staff know who they work with. Any admin of your team can do it.",
    audience: "user",
    completion: "system",
    targetType: "organisation",
    eligible: "admins",
    organisationStep: 1,
    windowDays: 14,
    href: "/team#company-details",
    notifications: [],
  },
  {
    key: "organisation.invite-two-teammates",
    api: false,
    title: "Invite two teammates",
    description: "Teams of three get the most out of shared work. Done by itself once two people have joined your team.",
    audience: "user",
    completion: "system",
    targetType: "organisation",
    eligible: "members",
    organisationStep: 2,
    windowDays: 30,
    href: "/team",
    notifications: [],
  },
  {
    key: "documents.upload-replacement",
    title: "Upload a new document",
    description: "We could not accept your last document; the reason is below. Upload another to finish verification.",
    audience: "user",
    completion: "system",
    targetType: "user",
    expiresAfterHours: 24 * 14,
    href: "/documents",
    notifications: [
      { on: "requested", channels: ["email", "in_app"], to: ["assignee"], template: "job-requested" },
      { on: "expired", channels: ["in_app"], to: ["assignee"], template: "job-expired" },
    ],
  },
  {
    key: "staff.review-document",
    title: "Review an uploaded document",
    description: "Approve the document or reject it with a reason the user will see.",
    audience: "staff",
    completion: "manual",
    targetType: "document",
    dueAfterHours: 48,
    // Counted in business hours: picked up within half a working day, decided within two.
    sla: {
      businessHours: true,
      firstAction: { withinHours: 4, raisePriorityTo: "high" },
      resolve: { withinHours: 16, raisePriorityTo: "urgent" },
    },
    href: "/staff/documents/{targetId}",
    // A visible note shows on the owner's "Upload a new document" item after a rejection (lib/notes/visible-notes.ts).
    notesVisibleToSubject: true,
    notifications: [
      { on: "requested", channels: ["in_app"], to: ["role:staff"], template: "job-requested" },
      { on: "reminder", afterHours: 24, channels: ["in_app"], to: ["role:staff"], template: "job-reminder" },
      // A breach tells whoever has it and the admins (who can reassign), in the app.
      { on: "escalated", channels: ["in_app"], to: ["assignee", "role:admin"], template: "job-escalated" },
    ],
  },
  {
    key: "staff.rejected-upload",
    title: "Look into a refused upload",
    description: "A user's upload was refused (wrong type or too large). Help them get a valid file in.",
    audience: "staff",
    completion: "manual",
    targetType: "user",
    dueAfterHours: 72,
    // Resolved or dismissed by mistake: staff may reopen it for a week.
    reopenWithinHours: 24 * 7,
    sla: { businessHours: true, firstAction: { withinHours: 8, raisePriorityTo: "high" }, resolve: { withinHours: 24 } },
    notifications: [
      { on: "requested", channels: ["in_app"], to: ["role:staff"], template: "job-requested" },
      // A breach tells whoever has it and the admins (who can reassign), in the app.
      { on: "escalated", channels: ["in_app"], to: ["assignee", "role:admin"], template: "job-escalated" },
    ],
  },
  {
    // Bounces are now one job per inviter (staff.bounced-invites): kept so the
    // pending ones drain from their queue.
    key: "staff.bounced-invite",
    retired: true,
    replacedBy: "staff.bounced-invites",
    title: "Fix a bounced invitation",
    description: "An invitation could not be delivered. Check the address with the person who sent it.",
    audience: "staff",
    completion: "manual",
    targetType: "invite",
    dueAfterHours: 72,
    notifications: [{ on: "requested", channels: ["in_app"], to: ["role:staff"], template: "job-requested" }],
  },
  {
    key: "invites.deliver-invitation",
    api: false,
    title: "Deliver an invitation",
    description: "An invitation email on its way to a teammate; done when their mail server accepts it.",
    audience: "user",
    completion: "system",
    targetType: "invite",
    expiresAfterHours: 24 * 7,
    completedByDelivery: true,
    // Its one email goes to the invitee's address, queued by sendInvite (queueAddressedEmail), not by a rule.
    notifications: [],
  },
  {
    key: "staff.bounced-invites",
    title: "Help with bounced invitations",
    description: "A mail server refused a person's invitation. Check the addresses with them; their invitations list shows each bounce.",
    audience: "staff",
    completion: "manual",
    // The inviter, not the invite: one job per person however many of their invitations bounce.
    targetType: "user",
    dueAfterHours: 72,
    reopenWithinHours: 24 * 7,
    sla: { businessHours: true, firstAction: { withinHours: 8, raisePriorityTo: "high" }, resolve: { withinHours: 24 } },
    notifications: [
      { on: "requested", channels: ["in_app"], to: ["role:staff"], template: "job-requested" },
      // A breach tells whoever has it and the admins (who can reassign), in the app.
      { on: "escalated", channels: ["in_app"], to: ["assignee", "role:admin"], template: "job-escalated" },
    ],
  },
  {
    key: "staff.fix-email-delivery",
    title: "Fix an email that was not delivered",
    description:
      "An email failed after every retry, or its outcome is unknown after a worker stopped mid-send. Check the address and the mail server, then resolve.",
    audience: "staff",
    completion: "manual",
    targetType: "notification",
    dueAfterHours: 24,
    reopenWithinHours: 24 * 7,
    // Someone is waiting for that email: looked at within two working hours.
    sla: {
      businessHours: true,
      firstAction: { withinHours: 2, raisePriorityTo: "high" },
      resolve: { withinHours: 8, raisePriorityTo: "urgent" },
    },
    notifications: [
      { on: "requested", channels: ["in_app"], to: ["role:staff"], template: "job-requested" },
      // A breach tells whoever has it and the admins (who can reassign), in the app.
      { on: "escalated", channels: ["in_app"], to: ["assignee", "role:admin"], template: "job-escalated" },
    ],
  },
  {
    key: "staff.fix-webhook-endpoint",
    title: "Fix a failing webhook endpoint",
    description:
      "A webhook endpoint failed too many deliveries in a row and was disabled. Its page shows what failed: check it with the endpoint's owner, then have an admin enable it again and replay what it missed.",
    audience: "staff",
    completion: "manual",
    targetType: "webhook-endpoint",
    dueAfterHours: 24,
    reopenWithinHours: 24 * 7,
    // On the wall clock: an integration is down around the clock, not only in office hours.
    sla: { firstAction: { withinHours: 4, raisePriorityTo: "high" }, resolve: { withinHours: 24, raisePriorityTo: "urgent" } },
    // The staff view (read-only but for admins): plain staff cannot open /admin.
    href: "/staff/webhooks/{targetId}",
    notifications: [
      { on: "requested", channels: ["in_app"], to: ["role:staff"], template: "job-requested" },
      // A breach tells whoever has it and the admins (who can reassign), in the app.
      { on: "escalated", channels: ["in_app"], to: ["assignee", "role:admin"], template: "job-escalated" },
    ],
  },
  // Accounts (lib/accounts). Every account email is a job's notification, like
  // every other email: a reset link lives exactly as long as its job is pending.
  {
    key: "account.reset-password",
    api: false,
    title: "Choose a new password",
    description: "Open the link we emailed you to choose a new password. It works once, for an hour.",
    audience: "user",
    completion: "system",
    targetType: "user",
    expiresAfterHours: 1,
    notifications: [{ on: "requested", channels: ["email"], to: ["assignee"], template: "reset-password" }],
  },
  {
    // The link goes to the new address (queued by requestEmailChange, with
    // the address in the job's metadata); the rule below tells the current one.
    key: "account.change-email",
    api: false,
    title: "Confirm your new email address",
    description: "Open the link we emailed to your new address to finish changing it. It works once, for a day.",
    audience: "user",
    completion: "system",
    targetType: "user",
    expiresAfterHours: 24,
    notifications: [{ on: "requested", channels: ["email"], to: ["assignee"], template: "email-change-requested" }],
  },
  {
    key: "account.sign-up-attempted",
    api: false,
    title: "Check an attempt to sign up with your address",
    description: "Someone tried to create an account with your email address. If it was you, sign in or reset your password.",
    audience: "user",
    completion: "manual",
    targetType: "user",
    dismissible: true,
    expiresAfterHours: 24,
    notifications: [{ on: "requested", channels: ["email"], to: ["assignee"], template: "sign-up-attempted" }],
  },
] as const);

export type JobTypeKey = (typeof jobTypes.all)[number]["key"];
