/**
 * Where the SDK writes what it has to say. Pass your own to route SDK messages into your logging.
 * `warn` and `error` always print with the console logger; `debug` prints only in debug mode.
 */
export interface Logger {
  /** Detail for debugging; the console logger prints it only with `debug: true`. */
  debug(message: string, ...details: unknown[]): void;
  /** Something was dropped or fell back, and the app goes on. */
  warn(message: string, ...details: unknown[]): void;
  /** A call or request failed. */
  error(message: string, ...details: unknown[]): void;
}

const PREFIX = '[PostHog]';

/** A logger on `console`, with `debug` lines shown only while `isDebug()` is true. @internal */
export function createConsoleLogger(isDebug: () => boolean): Logger {
  return {
    debug: (message, ...details) => {
      if (isDebug()) console.debug(PREFIX, message, ...details);
    },
    warn: (message, ...details) => console.warn(PREFIX, message, ...details),
    error: (message, ...details) => console.error(PREFIX, message, ...details),
  };
}

/** A logger that says nothing. */
export const silentLogger: Logger = { debug() {}, warn() {}, error() {} };

/**
 * Wraps a user logger so that a logger that throws can never break the SDK, and debug lines are gated
 * by the client's debug switch. @internal
 */
export function guardLogger(inner: Logger, isDebug: () => boolean): Logger {
  const call = (fn: (m: string, ...d: unknown[]) => void, message: string, details: unknown[]) => {
    try {
      fn.call(inner, message, ...details);
    } catch {
      // A broken logger must not take the SDK down with it.
    }
  };
  return {
    debug: (m, ...d) => {
      if (isDebug()) call(inner.debug, m, d);
    },
    warn: (m, ...d) => call(inner.warn, m, d),
    error: (m, ...d) => call(inner.error, m, d),
  };
}
