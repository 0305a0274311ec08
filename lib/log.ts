// Structured logs on stderr, one JSON object per line, so a failing receiver or
// an unexpected error is findable with its context. No dependency: the runtime's
// console is the sink in every process we run (web, worker, tests).

type Level = "debug" | "info" | "warn" | "error";

export type LogContext = Record<string, unknown>;

function serialize(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, cause: value.cause ? serialize(value.cause) : undefined };
  }
  return value;
}

function write(level: Level, message: string, context: LogContext = {}) {
  if (level === "debug" && !process.env.DEBUG) return;
  const fields = Object.fromEntries(Object.entries(context).map(([k, v]) => [k, serialize(v)]));
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, context?: LogContext) => write("debug", message, context),
  info: (message: string, context?: LogContext) => write("info", message, context),
  warn: (message: string, context?: LogContext) => write("warn", message, context),
  error: (message: string, context?: LogContext) => write("error", message, context),
};
