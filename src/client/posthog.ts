import type { Platform, ProcessErrorKind } from '../platform/platform.js';
import type { PostHogOptions, ResolvedOptions } from './options.js';
import { createClientState, flushLanes } from './client-state.js';
import { TelemetryApi } from './telemetry-api.js';
import type { ClientEventName } from './client-events.js';
import { settlesBy } from './settles-by.js';

/** Default `shutdown()` deadline, as posthog-node. */
const DEFAULT_SHUTDOWN_MS = 30_000;
/** The longest finite drain: what one runtime timer can wait. */
const MAX_SHUTDOWN_MS = 2 ** 31 - 1;
/** How long a crashing process may take to send its `$exception` event. */
const AUTOCAPTURE_FATAL_FLUSH_MS = 2_000;

/** How long `shutdown(timeoutMs)` may drain: `Infinity` stays; NaN, negatives and non-numbers mean the default. */
function shutdownBudget(timeoutMs: unknown): number {
  if (timeoutMs === Number.POSITIVE_INFINITY) return timeoutMs;
  if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) return DEFAULT_SHUTDOWN_MS;
  return Math.min(timeoutMs, MAX_SHUTDOWN_MS);
}

/**
 * The PostHog client. Every method returns at once and never throws into your code (unless you opt
 * into `strict: true` for validation errors); events are queued, batched and sent in the background.
 * Its methods live by concern: flags in `flag-api.ts`, events in `event-api.ts`, error tracking in
 * `exception-api.ts`, logs and traces in `telemetry-api.ts`; this file wires them and holds the lifecycle.
 *
 * @example
 * const posthog = new PostHog('phc_…', { host: 'https://eu.i.posthog.com' })
 * posthog.capture({ distinctId: 'user-1', event: 'signed up', properties: { plan: 'pro' } })
 * if (await posthog.isFeatureEnabled('new-checkout', 'user-1')) { … }
 * await posthog.shutdown()
 */
export class PostHogClient extends TelemetryApi {
  /** The options in force, after defaults. */
  readonly options: ResolvedOptions;
  private shutdownPromise: Promise<void> | undefined;

  /** @internal */
  protected override get closed(): boolean {
    return this.shutdownPromise !== undefined;
  }
  private stopAutocapture: (() => void) | undefined;

  /** @internal Use `new PostHog(apiKey, options)` from the runtime entry (`posthog-ts` or `posthog-ts/edge`). */
  constructor(apiKey: string, options: PostHogOptions, createPlatform: (overrides: Partial<Platform>) => Platform) {
    // `this` does not exist before super(); the flags client reaches the pipeline through it later.
    // biome-ignore lint/complexity/noUselessThisAlias: the closure below is created before `this` exists.
    let self: PostHogClient | undefined;
    super(createClientState(apiKey, options, createPlatform, (distinctId, resolution, groups, disableGeoip) => self?.captureFlagCalled(distinctId, resolution, groups, disableGeoip)));
    self = this;
    const core = this.state.core;
    this.options = core.options;
    if (options.enableExceptionAutocapture === true) {
      const hooks = core.platform.processErrors;
      if (hooks === undefined) core.logger.warn('enableExceptionAutocapture: this runtime does not expose uncaught errors; nothing is captured automatically');
      else this.stopAutocapture = hooks.watch((error, kind, fatal) => this.onProcessError(error, kind, fatal));
    }
  }

  /** Reports a process error; when it would end the process, sends it first (bounded). */
  private async onProcessError(error: unknown, kind: ProcessErrorKind, fatal: boolean): Promise<void> {
    if (this.captureProcessError(error, kind, fatal) && fatal) await this.shutdown(AUTOCAPTURE_FATAL_FLUSH_MS);
  }

  /** Sends everything queued so far. Resolves when each event is delivered or has finally failed; never rejects. */
  flush(): Promise<void> {
    const done = flushLanes(this.state);
    this.state.waitUntil?.track(done);
    return this.hold(done);
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
      const { core, lanes, waitUntil } = this.state;
      const deadline = core.platform.scheduler.now() + shutdownBudget(timeoutMs);
      this.stopAutocapture?.();
      this.shutdownPromise = this.hold(
        (async () => {
          try {
            const stopFlags = this.flags.shutdown();
            await Promise.all([lanes.close(deadline), this.state.metrics?.shutdown(deadline)]);
            waitUntil?.settle();
            // A cache provider's shutdown must not hold the SDK's (spec flag-definition-loader).
            if (!(await settlesBy(stopFlags, deadline, core.platform.scheduler))) {
              core.logger.warn('flag definitions cache shutdown did not finish by the shutdown deadline; shutdown went on without it');
            }
          } catch (error) {
            core.logger.error(`shutdown: ${String(error)}`);
          }
        })(),
      );
    }
    return this.shutdownPromise;
  }

  /** Turns debug logging on or off at runtime. Sends nothing. */
  debug(enabled = true): void {
    this.state.core.debug.enabled = enabled;
  }

  /** Whether debug logging is on. */
  get isDebug(): boolean {
    return this.state.core.debug.enabled;
  }

  /** Whether the client was created with `disabled: true` (it sends nothing, whatever the opt-in state). */
  get isDisabled(): boolean {
    return this.options.disabled;
  }

  /** Whether captures are dropped because of `optOut()` / `disable()` (or `defaultOptIn: false`). */
  get optedOut(): boolean {
    return this.state.optedOut;
  }

  /** Opts out: later captures are dropped silently and nothing is sent until `optIn()`. Resolves at once. */
  optOut(): Promise<void> {
    this.state.optedOut = true;
    return this.hold(Promise.resolve());
  }

  /** Opts back in after `optOut()` (or `defaultOptIn: false`). Resolves at once. */
  optIn(): Promise<void> {
    this.state.optedOut = false;
    return this.hold(Promise.resolve());
  }

  /** {@link optOut}, by its posthog-node name. */
  disable(): Promise<void> {
    return this.optOut();
  }

  /** {@link optIn}, by its posthog-node name. */
  enable(): Promise<void> {
    return this.optIn();
  }

  /**
   * Listens to what the client does, as posthog-node's `on()`: `capture` / `identify` / `alias` (an
   * event was queued), `flush` (events were delivered), `error` (a request failed for good),
   * `localEvaluationFlagsLoaded` (definitions loaded), or `*` for all. Returns the function that
   * stops listening. A listener that throws is logged and ignored.
   * @example const stop = posthog.on('error', (error) => report(error))
   */
  // biome-ignore lint/suspicious/noExplicitAny: listeners read payloads that differ by event, as posthog-node types them.
  on(event: ClientEventName | (string & {}), listener: (...args: any[]) => void): () => void {
    return this.state.events.on(event, listener);
  }
}
