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
 * Sends one email. `db` is a plain client, never a transaction: the delivery
 * holds no transaction while a mail server answers (see deliverNotification).
 * A refused recipient throws an error with the server's `responseCode`.
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
 * Timeouts are short on purpose: a dead server should cost a retry soon, not
 * minutes (nodemailer waits two minutes by default), and a claim older than the
 * longest conversation is settled as "outcome unknown" (settleStaleDeliveries).
 */
export function createMailer({ smtpUrl, from, timeoutMs = 10_000 }: CreateMailerOptions): Mailer {
  if (!smtpUrl) {
    return {
      kind: "capture",
      async send(db, email, notificationId) {
        // The dev mailbox stands in for a mail server, so it answers as one
        // would for a domain that can never receive mail (RFC 2606): a 550.
        if (/\.invalid$/i.test(email.to)) {
          throw Object.assign(new Error(`550 5.1.2 <${email.to}>: the domain cannot receive mail`), { responseCode: 550 });
        }
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
