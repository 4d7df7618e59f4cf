import type { FlagValue } from '../flags/flag-source.js';
import { FeatureFlagsClient } from '../flags/feature-flags-client.js';
import type { EventInput } from '../messages/build-event.js';
import type { AliasMessage, CaptureMessage, GroupIdentifyMessage, IdentifyMessage, Message } from '../messages/message.js';
import { aliasInput, captureInput, groupIdentifyInput, identifyInput } from '../messages/to-input.js';
import type { Platform } from '../platform/platform.js';
import { PostHogValidationError } from '../base/errors.js';
import { enrichWithFlags, readSnapshotValues } from './flag-enrichment.js';
import { composeBeforeSend } from '../messages/before-send.js';
import type { EventPipeline } from './event-pipeline.js';
import { type LaneContext, createLane } from './lanes.js';
import type { PostHogOptions, ResolvedOptions } from './options.js';
import { type ClientCore, createCore } from './core.js';
import { FeatureFlagApi } from './flag-api.js';
import { WaitUntilFlusher } from './wait-until.js';
import type { RequestContext } from '../context/request-context.js';
import { applyRequestContext } from '../context/apply-context.js';
import { type ExceptionBoundary, MANUAL_CAPTURE, exceptionProperties } from '../exceptions/exception-event.js';
import { uuidv7 } from '../messages/uuid.js';
import { settlesBy } from './settles-by.js';
import { readDistinctId } from '../messages/validate.js';
import type { ProcessErrorKind } from '../platform/platform.js';
import { type Telemetry, createTelemetry } from './telemetry.js';
import type { CaptureLogOptions, CaptureLogger } from '../logs/logs-config.js';
import type { Span, StartSpanOptions } from '../traces/span-types.js';
import { excerpt } from '../base/excerpt.js';

/** Default `shutdown()` deadline, as posthog-node. */
const DEFAULT_SHUTDOWN_MS = 30_000;
/** The longest finite drain: what one runtime timer can wait. */
const MAX_SHUTDOWN_MS = 2 ** 31 - 1;

/** How long `shutdown(timeoutMs)` may drain: `Infinity` stays; NaN, negatives and non-numbers mean the default. */
function shutdownBudget(timeoutMs: unknown): number {
  if (timeoutMs === Number.POSITIVE_INFINITY) return timeoutMs;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) return DEFAULT_SHUTDOWN_MS;
  return Math.min(timeoutMs, MAX_SHUTDOWN_MS);
}
/** Exception autocapture: at most this many events per window, and this long to send before a crash. */
const AUTOCAPTURE_MAX_PER_WINDOW = 10;
const AUTOCAPTURE_WINDOW_MS = 10_000;
const AUTOCAPTURE_FATAL_FLUSH_MS = 2_000;

/**
 * The PostHog client. Every method returns at once and never throws into your code (unless you opt
 * into `strict: true` for validation errors); events are queued, batched and sent in the background.
 *
 * @example
 * const posthog = new PostHog('phc_…', { host: 'https://eu.i.posthog.com' })
 * posthog.capture({ distinctId: 'user-1', event: 'signed up', properties: { plan: 'pro' } })
 * if (await posthog.isFeatureEnabled('new-checkout', 'user-1')) { … }
 * await posthog.shutdown()
 */
export class PostHogClient extends FeatureFlagApi {
  /** The options in force, after defaults. */
  readonly options: ResolvedOptions;
  private readonly core: ClientCore;
  private readonly pipeline: EventPipeline;
  private readonly aiPipeline: EventPipeline;
  private shutdownPromise: Promise<void> | undefined;
  private superProperties: Readonly<Record<string, unknown>> | undefined;
  private optedOut: boolean;
  private readonly waitUntil: WaitUntilFlusher | undefined;
  private readonly telemetry: Telemetry;
  private stopAutocapture: (() => void) | undefined;
  private readonly autocaptureWindow = { start: 0, count: 0 };

  /** @internal Use `new PostHog(apiKey, options)` from the runtime entry (`posthog-ts` or `posthog-ts/edge`). */
  constructor(apiKey: string, options: PostHogOptions, createPlatform: (overrides: Partial<Platform>) => Platform) {
    const core = createCore(apiKey, options, createPlatform);
    // `this` does not exist before super(); the flags client reaches the pipeline through it later.
    // biome-ignore lint/complexity/noUselessThisAlias: the flags client's emit closure is created before `this` exists.
    let self: PostHogClient | undefined;
    super(
      new FeatureFlagsClient({
        options: core.options,
        platform: core.platform,
        logger: core.logger,
        // $feature_flag_called rides the normal capture pipeline.
        emit: (message, minimal) => self?.captureFlagCalled(message, minimal),
        flagDefinitions: options.flagDefinitions,
        cache: options.flagDefinitionsCache,
        secretKey: core.secretKey,
      }),
      core.contexts,
      core.platform.keepAlive,
      core.logger,
    );
    self = this;
    this.core = core;
    this.options = core.options;
    this.optedOut = core.options.disabled;
    const o = this.options;
    if (Object.keys(o.defaultEventProperties).length > 0) this.superProperties = o.defaultEventProperties;
    const lane: LaneContext = {
      options: o,
      callbacks: options,
      hooks: { strict: o.strict, onError: options.onError },
      platform: core.platform,
      logger: core.logger,
      baseProperties: () => this.superProperties,
      beforeSend: composeBeforeSend(options.beforeSend, core.logger),
    };
    this.pipeline = createLane('capture', lane);
    this.aiPipeline = createLane('ai', lane);
    this.telemetry = createTelemetry(core, options, { optedOut: () => this.optedOut, onQueued: () => this.waitUntil?.notify() });
    this.waitUntil = options.waitUntil ? new WaitUntilFlusher(options.waitUntil, () => this.flushLanes(), core.platform.scheduler, core.platform.keepAlive) : undefined;
    if (options.enableExceptionAutocapture === true) {
      const hooks = core.platform.processErrors;
      if (hooks === undefined) core.logger.warn('enableExceptionAutocapture: this runtime does not expose uncaught errors; nothing is captured automatically');
      else this.stopAutocapture = hooks.watch((error, kind, fatal) => this.captureProcessError(error, kind, fatal));
    }
  }

  // ── exceptions ───────────────────────────────────────────────────────────────────────────────

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
      this.core.logger.error(`captureException failed: ${excerpt(failure)}`);
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
    const trace = this.telemetry.tracer.activeTrace();
    if (trace !== undefined && !('$trace_id' in eventProperties) && !('$span_id' in eventProperties)) Object.assign(eventProperties, { $trace_id: trace.traceId, $span_id: trace.spanId });
    let id = readDistinctId(distinctId) ?? readDistinctId(this.core.contexts.current()?.distinctId);
    if (id === undefined) {
      id = uuidv7(this.core.platform.scheduler.now());
      eventProperties.$process_person_profile = false;
    }
    return this.capture({ distinctId: id, event: '$exception', properties: eventProperties });
  }

  /** An uncaught exception or unhandled rejection: reported (rate limited) and, when fatal, flushed. */
  private async captureProcessError(error: unknown, kind: ProcessErrorKind, fatal: boolean): Promise<void> {
    const now = this.core.platform.scheduler.now();
    const window = this.autocaptureWindow;
    if (now - window.start >= AUTOCAPTURE_WINDOW_MS) {
      window.start = now;
      window.count = 0;
    }
    if (window.count >= AUTOCAPTURE_MAX_PER_WINDOW) return;
    window.count++;
    const rejection = kind === 'unhandled_rejection';
    this.captureExceptionAt(error, {
      type: rejection ? 'onunhandledrejection' : 'onuncaughtexception',
      handled: false,
      level: fatal ? 'fatal' : 'error',
      source: rejection ? 'node.process_unhandled_rejection' : 'node.process_uncaught_exception',
    }, undefined, undefined);
    if (fatal) await this.shutdown(AUTOCAPTURE_FATAL_FLUSH_MS);
  }

  // ── events ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Queues an event. `$pageview` with `properties.$current_url` records a page view. Returns the
   * event's uuid (kept on every retry), or `undefined` when the event was rejected or dropped.
   */
  capture(message: CaptureMessage): string | undefined {
    if (this.optedOut) return undefined;
    try {
      const resolved = applyRequestContext(message, this.core.contexts.current(), this.core.platform.scheduler.now());
      const snapshot = resolved?.flags;
      if (snapshot !== undefined && snapshot !== null && typeof snapshot.values === 'function') return this.captureWithSnapshot(resolved, readSnapshotValues(snapshot));
      if (resolved?.sendFeatureFlags === true) return this.captureWithFlags(resolved);
      return this.submit(() => captureInput(resolved));
    } catch (error) {
      // A getter of the message or a flags snapshot that throws: reported as bad input, not thrown.
      this.pipeline.rejectThrown(error);
      return undefined;
    }
  }

  /** Capture enriched from an `evaluateFlags()` snapshot: no evaluation, no `$feature_flag_called`. */
  private captureWithSnapshot(message: CaptureMessage, flags: Record<string, FlagValue>): string | undefined {
    const built = this.buildCapture(message);
    if (built === undefined || !this.pipeline.enqueueJson(enrichWithFlags(built.json, flags))) return undefined;
    this.waitUntil?.notify();
    return built.uuid;
  }

  /**
   * Runs `fn` with a request context: captures and flag calls inside take their distinct id and
   * properties from it unless given explicitly (inner contexts merge over outer ones unless `fresh`).
   * On runtimes without async-context storage `fn` simply runs.
   * @example app.use((req, res, next) => posthog.withContext(contextFromRequest(req), next))
   */
  withContext<R>(context: RequestContext, fn: () => R, options?: { fresh?: boolean }): R {
    return this.core.contexts.run(context, fn, options?.fresh === true);
  }

  /** The request context in force, if any. */
  getContext(): RequestContext | undefined {
    return this.core.contexts.current();
  }

  /**
   * Queues an AI event (`$ai_generation`, `$ai_trace`, …) on its own lane to `/i/v0/ai/batch/`,
   * separate from `capture()`'s queue. Returns the event's uuid, or `undefined` when it was rejected.
   * Events up to 8 MiB are accepted.
   */
  captureAi(message: CaptureMessage): string | undefined {
    if (this.optedOut) return undefined;
    try {
      const resolved = applyRequestContext(message, this.core.contexts.current(), this.core.platform.scheduler.now());
      const id = this.aiPipeline.submit(() => captureInput(resolved));
      if (id !== undefined) this.waitUntil?.notify();
      return id;
    } catch (error) {
      this.aiPipeline.rejectThrown(error);
      return undefined;
    }
  }

  /** Sets person properties (`$identify`). */
  identify(message: IdentifyMessage): void {
    if (!this.optedOut) this.submit(() => identifyInput(message));
  }

  /** Links `alias` to `distinctId` (`$create_alias`). */
  alias(message: AliasMessage): void {
    if (!this.optedOut) this.submit(() => aliasInput(message));
  }

  /** Sets properties on a group (`$groupidentify`). */
  groupIdentify(message: GroupIdentifyMessage): void {
    if (!this.optedOut) this.submit(() => groupIdentifyInput(message));
  }

  /**
   * posthog-go's entry point: one typed message of any kind.
   * @example posthog.enqueue({ type: 'capture', distinctId: 'u1', event: 'x', properties: new Properties().set('a', 1) })
   */
  enqueue(message: Message): void {
    try {
      switch (message?.type) {
        case 'capture':
          this.capture(message);
          break;
        case 'identify':
          this.identify(message);
          break;
        case 'alias':
          this.alias(message);
          break;
        case 'groupIdentify':
          this.groupIdentify(message);
          break;
        default:
          this.pipeline.reject(new PostHogValidationError('type', `must be capture, identify, alias or groupIdentify, got ${excerpt((message as { type?: unknown })?.type)}`));
      }
    } catch (error) {
      this.pipeline.rejectThrown(error);
    }
  }

  /** Minimal `$feature_flag_called` events carry no super, default or context properties. */
  private captureFlagCalled(message: CaptureMessage, minimal: boolean): void {
    if (!minimal) this.capture(message);
    else if (!this.optedOut) this.submit(() => ({ ...captureInput(message), withBaseProperties: false }));
  }

  private submit(makeInput: () => EventInput): string | undefined {
    const id = this.pipeline.submit(makeInput);
    if (id !== undefined) this.waitUntil?.notify();
    return id;
  }

  /** Validates and serialises a capture without enqueueing it; undefined (reported) when invalid. */
  private buildCapture(message: CaptureMessage): { json: string; uuid: string; input: EventInput } | undefined {
    let input: EventInput;
    try {
      input = captureInput(message);
    } catch (error) {
      this.pipeline.reject(error);
      return undefined;
    }
    const built = this.pipeline.build(input);
    return built === undefined ? undefined : { ...built, input };
  }

  private captureWithFlags(message: CaptureMessage): string | undefined {
    // Snapshot now; enrich when the flags are known; enqueue even if enrichment fails.
    const built = this.buildCapture(message);
    if (built === undefined) return undefined;
    const { input, json: snapshot } = built;
    const groups = input.groups as Record<string, string> | undefined;
    this.pipeline.track(
      this.flags
        .getAllFlags(input.distinctId, { groups })
        .catch(() => ({}) as Record<string, FlagValue>)
        .then((flags) => {
          this.pipeline.enqueueJson(enrichWithFlags(snapshot, flags), true);
        }),
    );
    return built.uuid;
  }

  /**
   * Adds super properties to every later capture (per-call properties win). Kept in memory.
   * @example posthog.register({ service: 'billing', region: 'eu' })
   */
  register(properties: Record<string, unknown>): void {
    if (properties === null || typeof properties !== 'object') {
      this.pipeline.reject(new PostHogValidationError('properties', 'must be an object'));
      return;
    }
    try {
      this.superProperties = Object.freeze({ ...this.superProperties, ...properties });
    } catch (error) {
      this.pipeline.rejectThrown(error);
    }
  }

  /** Removes one super property; an unknown key is a no-op. */
  unregister(key: string): void {
    if (this.superProperties === undefined || !(key in this.superProperties)) return;
    const { [key]: _removed, ...rest } = this.superProperties;
    this.superProperties = Object.keys(rest).length > 0 ? Object.freeze(rest) : undefined;
  }

  /** Sends everything queued so far. Resolves when each event is delivered or has finally failed; never rejects. */
  flush(): Promise<void> {
    const done = this.flushLanes();
    this.waitUntil?.track(done);
    return this.hold(done);
  }

  private flushLanes(): Promise<void> {
    return Promise.all([this.pipeline.flush(), this.aiPipeline.flush(), this.telemetry.flush()]).then(
      () => {},
      () => {},
    );
  }

  /**
   * Stops timers and polling, drains the queue and resolves by `timeoutMs` (never rejects). Later
   * calls return the same promise; captures after it are not sent. `Infinity` waits until every
   * event is delivered or refused; `NaN`, negative and non-number values mean the default; finite
   * values beyond what a timer can hold (2^31 − 1 ms, about 24.8 days) are that long.
   * @default timeoutMs 30000
   */
  shutdown(timeoutMs: number = DEFAULT_SHUTDOWN_MS): Promise<void> {
    if (this.shutdownPromise === undefined) {
      const deadline = this.core.platform.scheduler.now() + shutdownBudget(timeoutMs);
      this.stopAutocapture?.();
      this.shutdownPromise = this.hold(
        (async () => {
          try {
            const stopFlags = this.flags.shutdown();
            await Promise.all([this.pipeline.close(deadline), this.aiPipeline.close(deadline), this.telemetry.close(deadline)]);
            this.waitUntil?.settle();
            // A cache provider's shutdown must not hold the SDK's (spec flag-definition-loader).
            if (!(await settlesBy(stopFlags, deadline, this.core.platform.scheduler))) {
              this.core.logger.warn('flag definitions cache shutdown did not finish by the shutdown deadline; shutdown went on without it');
            }
          } catch (error) {
            this.core.logger.error(`shutdown: ${String(error)}`);
          }
        })(),
      );
    }
    return this.shutdownPromise;
  }

  // ── logs and traces (OTLP) ───────────────────────────────────────────────────────────────────

  /**
   * Queues one structured log record for PostHog Logs (`/i/v1/logs`). It carries the active span's
   * trace and span ids and the request context's distinct id and session id, unless it sets its own.
   * Dropped silently when opted out, when the body is blank, or beyond the `logs.rateCap`.
   * @example posthog.captureLog({ body: 'payment failed', level: 'error', attributes: { code: 'E001' } })
   */
  captureLog(options: CaptureLogOptions): void {
    this.telemetry.logs.captureLog(options);
  }

  /**
   * One method per severity, each equivalent to `captureLog` at that level.
   * @example posthog.logger.info('checkout completed', { order_id: 'ord_789' })
   */
  get logger(): CaptureLogger {
    return this.telemetry.logs.logger;
  }

  /**
   * Starts a span without making it active, for work that cannot wrap a callback; call `end()` on it.
   * Prefer {@link withSpan}. Returns a no-op handle when the `traces` option is not set, the client
   * is disabled or opted out, so calling code never branches.
   * @example const span = posthog.startSpan('checkout', { attributes: { plan: 'pro' } }); …; span.end()
   */
  startSpan(name: string, options?: StartSpanOptions): Span {
    return this.telemetry.tracer.startSpan(name, options);
  }

  /**
   * Runs `fn` inside a new span, active for its duration, and ends the span when `fn` returns or its
   * promise settles. A throw or rejection sets status `error` (unless `fn` set `ok`), adds an
   * `exception` event and is rethrown unchanged. Spans started inside nest under it; on runtimes
   * without async-context storage, only until the callback's first `await`.
   * @example await posthog.withSpan('POST /checkout', { parent: req.headers.traceparent }, async (span) => processOrder())
   */
  withSpan<T>(name: string, fn: (span: Span) => T): T;
  withSpan<T>(name: string, options: StartSpanOptions, fn: (span: Span) => T): T;
  withSpan<T>(name: string, optionsOrFn: StartSpanOptions | ((span: Span) => T), fn?: (span: Span) => T): T {
    return this.telemetry.tracer.withSpan(name, optionsOrFn, fn);
  }

  /**
   * The span a `withSpan` callback made active on this async path, or `null`.
   * @example const traceparent = posthog.getActiveSpan()?.traceparent()
   */
  getActiveSpan(): Span | null {
    return this.telemetry.tracer.getActiveSpan();
  }

  /** Turns debug logging on or off at runtime. Sends nothing. */
  debug(enabled = true): void {
    this.core.debug.enabled = enabled;
  }

  /** Opts out: later captures are dropped silently and nothing is sent until `enable()`. */
  disable(): void {
    this.optedOut = true;
  }

  /** Opts back in after `disable()`. */
  enable(): void {
    this.optedOut = false;
  }

  /**
   * Sets person properties with a `$set` event: `set` overwrites, `setOnce` only fills blanks. Both
   * empty → nothing is sent.
   */
  setPersonProperties(distinctId: string, set?: Record<string, unknown>, setOnce?: Record<string, unknown>): void {
    if (this.optedOut) return;
    const hasSet = set !== undefined && set !== null && Object.keys(set).length > 0;
    const hasOnce = setOnce !== undefined && setOnce !== null && Object.keys(setOnce).length > 0;
    if (!hasSet && !hasOnce) return;
    const properties: Record<string, unknown> = {};
    if (hasSet) properties.$set = set;
    if (hasOnce) properties.$set_once = setOnce;
    this.submit(() => ({ ...captureInput({ distinctId, event: '$set', properties }), withBaseProperties: false }));
  }
}
