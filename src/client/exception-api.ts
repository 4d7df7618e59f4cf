import { type ExceptionBoundary, MANUAL_CAPTURE, exceptionProperties } from '../exceptions/exception-event.js';
import { uuidv7 } from '../messages/uuid.js';
import { readDistinctId } from '../messages/validate.js';
import { excerpt } from '../base/excerpt.js';
import type { ProcessErrorKind } from '../platform/platform.js';
import { EventApi } from './event-api.js';

/** Exception autocapture: at most this many events per window. */
const AUTOCAPTURE_MAX_PER_WINDOW = 10;
const AUTOCAPTURE_WINDOW_MS = 10_000;

/**
 * Error tracking: `$exception` events from caught errors (`captureException`) and, when enabled,
 * from the process's uncaught exceptions and unhandled rejections.
 */
export class ExceptionApi extends EventApi {
  private readonly autocaptureWindow = { start: 0, count: 0 };

  /**
   * Reports a caught exception as a `$exception` event (error tracking): `$exception_list` with the
   * error, its causes and aggregate members, stack frames entry point first. Anything can be passed;
   * a non-`Error` is reported as an `Error` with the stack of this call. Without a distinct id (and
   * outside a request context) the event is personless. Returns the event's uuid.
   * @example try { … } catch (error) { posthog.captureException(error, 'user-1', { route: '/pay' }) }
   */
  captureException(error: unknown, distinctId?: string, properties?: Record<string, unknown>): string | undefined {
    try {
      let syntheticStack: string | undefined;
      if (!(error instanceof Error)) {
        const here: { stack?: string } = {};
        const capture = (Error as { captureStackTrace?: (target: object, fn?: unknown) => void }).captureStackTrace;
        if (capture !== undefined) capture(here, this.captureException);
        else here.stack = new Error().stack;
        syntheticStack = here.stack;
      }
      return this.captureExceptionAt(error, MANUAL_CAPTURE, distinctId, properties, syntheticStack);
    } catch (failure) {
      this.state.core.logger.error(`captureException failed: ${excerpt(failure)}`);
      return undefined;
    }
  }

  private captureExceptionAt(
    error: unknown,
    boundary: ExceptionBoundary,
    distinctId: string | undefined,
    properties: Record<string, unknown> | undefined,
    syntheticStack?: string,
  ): string | undefined {
    const eventProperties = exceptionProperties(error, boundary, properties, syntheticStack);
    // Inside a span (posthog-ts's or OpenTelemetry's) the exception joins its trace, as in posthog-node.
    const trace = this.state.telemetry.tracer.activeTrace();
    if (trace !== undefined && !('$trace_id' in eventProperties) && !('$span_id' in eventProperties)) Object.assign(eventProperties, { $trace_id: trace.traceId, $span_id: trace.spanId });
    const core = this.state.core;
    let id = readDistinctId(distinctId) ?? readDistinctId(core.contexts.current()?.distinctId);
    if (id === undefined) {
      id = uuidv7(core.platform.scheduler.now());
      eventProperties.$process_person_profile = false;
    }
    return this.capture({ distinctId: id, event: '$exception', properties: eventProperties });
  }

  /**
   * An uncaught exception or unhandled rejection: reported (rate limited). Returns whether it was
   * reported. @internal
   */
  protected captureProcessError(error: unknown, kind: ProcessErrorKind, fatal: boolean): boolean {
    const now = this.state.core.platform.scheduler.now();
    const window = this.autocaptureWindow;
    if (now - window.start >= AUTOCAPTURE_WINDOW_MS) {
      window.start = now;
      window.count = 0;
    }
    if (window.count >= AUTOCAPTURE_MAX_PER_WINDOW) return false;
    window.count++;
    const rejection = kind === 'unhandled_rejection';
    this.captureExceptionAt(error, {
      type: rejection ? 'onunhandledrejection' : 'onuncaughtexception',
      handled: false,
      level: fatal ? 'fatal' : 'error',
      source: rejection ? 'node.process_unhandled_rejection' : 'node.process_uncaught_exception',
    }, undefined, undefined);
    return true;
  }
}
