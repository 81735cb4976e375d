/** One log call: a message, or fields then a message (pino's argument order). */
export interface LogFn {
  (message: string): void;
  (fields: Record<string, unknown>, message?: string): void;
}

/**
 * Where the engine and the adapters report what no caller is waiting for: a dropped message, a connection
 * error, a warning about configuration. The shape is pino's, so a pino logger can be passed as it is.
 *
 * Does not promise: delivery (a logger may drop lines), ordering across child loggers, or a format.
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** A logger whose lines all carry `bindings` (for example `{ component: 'broker' }`). */
  child(bindings: Record<string, unknown>): Logger;
}

const ignore = (): void => undefined;

/** A logger that drops every line; for tests and for callers who want silence. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore, child: () => silentLogger };
