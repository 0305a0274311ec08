import { describe, expect, test } from "vitest";
import { parseEnv } from "./env";

// The statement log writes every parameter (password and API key hashes,
// tokens) to a file: a production server refuses to start with it unless the
// bench, which needs it, says so explicitly.
describe("STATEMENT_LOG", () => {
  test("is refused in production without the acknowledgement", () => {
    expect(() => parseEnv({ NODE_ENV: "production", STATEMENT_LOG: "/tmp/statements.jsonl" })).toThrow(
      /STATEMENT_LOG.*STATEMENT_LOG_I_UNDERSTAND=bench/s,
    );
  });

  test("is allowed in production with STATEMENT_LOG_I_UNDERSTAND=bench (the bench)", () => {
    expect(parseEnv({ NODE_ENV: "production", STATEMENT_LOG: "/tmp/s.jsonl", STATEMENT_LOG_I_UNDERSTAND: "bench" }).STATEMENT_LOG).toBe(
      "/tmp/s.jsonl",
    );
  });

  test("any other acknowledgement is refused", () => {
    expect(() => parseEnv({ NODE_ENV: "production", STATEMENT_LOG: "/tmp/s.jsonl", STATEMENT_LOG_I_UNDERSTAND: "yes" })).toThrow(
      /STATEMENT_LOG_I_UNDERSTAND/,
    );
  });

  test("is allowed in development, and production without it starts", () => {
    expect(parseEnv({ NODE_ENV: "development", STATEMENT_LOG: "/tmp/s.jsonl" }).STATEMENT_LOG).toBe("/tmp/s.jsonl");
    expect(parseEnv({ NODE_ENV: "production" }).STATEMENT_LOG).toBeUndefined();
  });
});
