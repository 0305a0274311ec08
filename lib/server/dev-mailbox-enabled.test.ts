import { describe, expect, test } from "vitest";
import type { Env } from "@/lib/env";
import { devMailboxEnabled } from "./dev-mailbox-enabled";

// When the dev mailbox exists. It shows real people's mail, so the rule is a
// table: captured mail only (no SMTP), and never in production unless asked.

describe("devMailboxEnabled", () => {
  test.each<{ label: string; nodeEnv: Env["NODE_ENV"]; smtp?: string; flag?: "on" | "off"; enabled: boolean }>([
    { label: "development without SMTP", nodeEnv: "development", enabled: true },
    { label: "test without SMTP", nodeEnv: "test", enabled: true },
    { label: "development with SMTP", nodeEnv: "development", smtp: "smtp://127.0.0.1:2525", enabled: false },
    { label: "production without SMTP", nodeEnv: "production", enabled: false },
    { label: "production without SMTP, DEV_MAILBOX=on (end-to-end tests)", nodeEnv: "production", flag: "on", enabled: true },
    {
      label: "production with SMTP, DEV_MAILBOX=on",
      nodeEnv: "production",
      smtp: "smtp://mail.example.com:587",
      flag: "on",
      enabled: false,
    },
    { label: "development, DEV_MAILBOX=off", nodeEnv: "development", flag: "off", enabled: false },
  ])("$label: $enabled", ({ nodeEnv, smtp, flag, enabled }) => {
    expect(devMailboxEnabled({ NODE_ENV: nodeEnv, SMTP_URL: smtp, DEV_MAILBOX: flag })).toBe(enabled);
  });
});
