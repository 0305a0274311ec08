export type LogContext = Record<string, unknown>;

/** What the engine logs through: the shape of console, pino or winston with a context object. */
export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
}

/** Warnings and errors to the console; the default when no logger is passed. */
export const consoleLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message, context) => console.warn(message, context ?? {}),
  error: (message, context) => console.error(message, context ?? {}),
};

/** Every line tagged with `scope`, so a host's logs tell the engine's apart. */
export function scopeLogger(logger: Logger, scope: string): Logger {
  const tag = (context?: LogContext): LogContext => ({ scope, ...context });
  return {
    debug: (message, context) => logger.debug(message, tag(context)),
    info: (message, context) => logger.info(message, tag(context)),
    warn: (message, context) => logger.warn(message, tag(context)),
    error: (message, context) => logger.error(message, tag(context)),
  };
}
