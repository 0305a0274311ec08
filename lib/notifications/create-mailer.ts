import nodemailer from "nodemailer";
import type { Db } from "@/lib/db/client";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

/**
 * Sends one email. `db` is the delivery's transaction: the capturing mailer
 * writes there, so a captured email commits with the notification's "sent".
 */
export interface Mailer {
  readonly kind: "smtp" | "capture";
  send(db: Db, email: OutgoingEmail, notificationId: string): Promise<void>;
  close(): void;
}

export interface CreateMailerOptions {
  /** smtp:// or smtps:// URL; unset: capture into captured_emails. */
  smtpUrl?: string;
  from: string;
  /** Milliseconds to wait for the server at each step. */
  timeoutMs?: number;
}

/**
 * Emails over SMTP with nodemailer when `smtpUrl` is set; otherwise a mailer
 * that stores each email in `captured_emails` for the dev mailbox page.
 *
 * Timeouts are short on purpose: a delivery holds its notification's row lock
 * while it talks to the server, and a dead server should cost a retry soon,
 * not minutes (nodemailer waits two minutes by default).
 */
export function createMailer({ smtpUrl, from, timeoutMs = 10_000 }: CreateMailerOptions): Mailer {
  if (!smtpUrl) {
    return {
      kind: "capture",
      async send(db, email, notificationId) {
        await db.$executeRaw`
          INSERT INTO captured_emails (id, notification_id, "to", subject, text, html, created_at)
          VALUES (gen_random_uuid(), ${notificationId}::uuid, ${email.to}, ${email.subject}, ${email.text}, ${email.html ?? null}, now())`;
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  });
  return {
    kind: "smtp",
    async send(_db, email, notificationId) {
      await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: { ...email.headers, "X-Jtbd-Notification": notificationId },
      });
    },
    close() {
      transport.close();
    },
  };
}
