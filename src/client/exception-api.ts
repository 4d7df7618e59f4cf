import { type ExceptionBoundary, MANUAL_CAPTURE, exceptionProperties } from '../exceptions/exception-event.js';
import { uuidv7 } from '../messages/uuid.js';
import { readDistinctId } from '../messages/validate.js';
import { excerpt } from '../base/excerpt.js';
import type { ProcessErrorKind } from '../platform/platform.js';
import type { FlagValuesSnapshot } from '../messages/message.js';
import type { Delivery, Dispatched } from './event-api.js';
import { ImmediateApi } from './immediate-api.js';

/** Exception autocapture's token buckets refill every this often (as posthog-node). */
const REFILL_INTERVAL_MS = 10_000;
/** Most exception types with a bucket; beyond it the oldest is forgotten. */
const MAX_BUCKETS = 1_000;

/**
 * Error tracking: `$exception` events from caught errors (`captureException`) and, when enabled,
 * from the process's uncaught exceptions and unhandled rejections.
 */
export class ExceptionApi extends ImmediateApi {
  /** Per exception type: tokens left and when they were last refilled. */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /**
   * Reports a caught exception as a `$exception` event (error tracking): `$exception_list` with the
   * error, its causes and aggregate members, stack frames entry point first. Anything can be passed;
   * a non-`Error` is reported as an `Error` with the stack of this call. Without a distinct id (and
   * outside a request context) the event is personless. `uuid` sets the event's uuid and `flags` (an
   * `evaluateFlags()` snapshot) attaches flag values, as posthog-node. Returns the event's uuid.
   * @example try { … } catch (error) { posthog.captureException(error, 'user-1', { route: '/pay' }) }
   */
  captureException(error: unknown, distinctId?: string, properties?: Record<string | number, unknown>, uuid?: string, flags?: FlagValuesSnapshot): string | undefined {
    return this.reportException(error, distinctId, properties, { uuid, flags }, 'queue', this.captureException).uuid;
  }

  /**
   * {@link captureException}, sent at once: resolves when PostHog has answered (see `captureImmediate`).
   * @example catch (error) { await posthog.captureExceptionImmediate(error, 'user-1') }
   */
  captureExceptionImmediate(error: unknown, distinctId?: string, properties?: Record<string | number, unknown>, flags?: FlagValuesSnapshot): Promise<void> {
    return this.hold(this.reportException(error, distinctId, properties, { flags }, 'now', this.captureExceptionImmediate).done);
  }

  /** A caught error as `$exception`; a non-`Error` gets the stack of the public call (`caller`). */
  private reportException(
    error: unknown,
    distinctId: string | undefined,
    properties: Record<string, unknown> | undefined,
    extra: { uuid?: string; flags?: FlagValuesSnapshot },
    delivery: Delivery,
    caller: unknown,
  ): Dispatched {
    try {
      let syntheticStack: string | undefined;
      if (!(error instanceof Error)) {
        const here: { stack?: string } = {};
        const capture = (Error as { captureStackTrace?: (target: object, fn?: unknown) => void }).captureStackTrace;
        if (capture !== undefined) capture(here, caller);
        else here.stack = new Error().stack;
        syntheticStack = here.stack;
      }
      return this.captureExceptionAt(error, MANUAL_CAPTURE, distinctId, properties, syntheticStack, extra, delivery);
    } catch (failure) {
      this.state.core.logger.error(`captureException failed: ${excerpt(failure)}`);
      return { uuid: undefined, done: Promise.resolve() };
    }
  }

  private captureExceptionAt(
    error: unknown,
    boundary: ExceptionBoundary,
    distinctId: string | undefined,
    properties: Record<string, unknown> | undefined,
    syntheticStack: string | undefined,
    extra: { uuid?: string; flags?: FlagValuesSnapshot } = {},
    delivery: Delivery = 'queue',
  ): Dispatched {
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
    const message = { distinctId: id, event: '$exception', properties: eventProperties, uuid: extra.uuid, flags: extra.flags };
    return this.dispatchCapture(this.state.pipeline, message, delivery);
  }

  /**
   * An uncaught exception or unhandled rejection: reported (rate limited). Returns whether it was
   * reported. @internal
   */
  protected captureProcessError(error: unknown, kind: ProcessErrorKind, fatal: boolean): boolean {
    if (!this.takeToken(error instanceof Error ? error.name : typeof error)) return false;
    const rejection = kind === 'unhandled_rejection';
    this.captureExceptionAt(error, {
      type: rejection ? 'onunhandledrejection' : 'onuncaughtexception',
      handled: false,
      level: fatal ? 'fatal' : 'error',
      source: rejection ? 'node.process_unhandled_rejection' : 'node.process_uncaught_exception',
    }, undefined, undefined, undefined);
    return true;
  }

  /**
   * posthog-node's rate limit of autocaptured exceptions: a bucket per exception type holding
   * `exceptionRateLimiterBucketSize` tokens (10), refilled by `exceptionRateLimiterRefillRate` (1) every 10 s.
   */
  private takeToken(type: string): boolean {
    const { bucketSize, refillRate } = this.state.core.options.exceptionRateLimit;
    const now = this.state.core.platform.scheduler.now();
    let bucket = this.buckets.get(type);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
      bucket = { tokens: bucketSize, at: now };
      this.buckets.set(type, bucket);
    } else {
      const refills = Math.floor((now - bucket.at) / REFILL_INTERVAL_MS);
      if (refills > 0) {
        bucket.tokens = Math.min(bucketSize, bucket.tokens + refills * refillRate);
        bucket.at += refills * REFILL_INTERVAL_MS;
      }
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
