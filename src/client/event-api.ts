import type { FlagValue } from '../flags/flag-source.js';
import { flagCalledEvent, flagCalledPropertiesText } from '../flags/flag-called-event.js';
import type { Resolution } from '../flags/resolution.js';
import type { BuiltEvent, EventInput } from '../messages/build-event.js';
import type {
  AliasMessage,
  CaptureMessage,
  GroupIdentifyMessage,
  IdentifyMessage,
  Message,
  SetPersonPropertiesMessage,
  UnsetPersonPropertiesMessage,
} from '../messages/message.js';
import { aliasInput, captureInput, groupIdentifyInput, identifyInput } from '../messages/to-input.js';
import { PostHogValidationError } from '../base/errors.js';
import { applyRequestContext } from '../context/apply-context.js';
import type { ContextOptions, RequestContext } from '../context/request-context.js';
import { notifyContextListeners } from '../context/context-listeners.js';
import type { EventPipeline } from './event-pipeline.js';
import { enrichWithFlags, enrichWithProperties, isFlagSnapshot, snapshotEventProperties } from './flag-enrichment.js';
import { FlagReadApi } from './flag-read-api.js';
import { excerpt } from '../base/excerpt.js';

/** How a built event leaves: queued for the next batch, or sent at once (the `*Immediate` methods). @internal */
export type Delivery = 'queue' | 'now';

/** What a dispatched event became: its uuid (undefined when rejected) and when it is handed over. @internal */
export interface Dispatched {
  uuid: string | undefined;
  /** Settles once the event is queued, or, sent at once, once PostHog answered (or the deadline passed). */
  done: Promise<void>;
}

/** Settled: what a queued event's `done` is (shared, so queueing allocates no promise). */
const SETTLED: Promise<void> = Promise.resolve();
const NOTHING: Dispatched = { uuid: undefined, done: SETTLED };

/**
 * The event half of the public client: capture, identify, alias, group identify, person
 * properties and super properties. Each method validates, builds the event (its uuid, timestamp and
 * properties fixed now) and queues it; none blocks, none throws unless `strict` is on.
 */
export class EventApi extends FlagReadApi {
  /**
   * Queues an event. `$pageview` with `properties.$current_url` records a page view. Returns the
   * event's uuid (kept on every retry), or `undefined` when the event was rejected or dropped.
   * Without `distinctId`, see {@link CaptureMessage.distinctId}.
   * @example posthog.capture({ distinctId: 'user-1', event: 'order placed', properties: { total: 42 } })
   */
  capture(message: CaptureMessage): string | undefined {
    return this.dispatchCapture(this.state.pipeline, message, 'queue').uuid;
  }

  /**
   * Queues an AI event (`$ai_generation`, `$ai_trace`, …) on its own lane to `/i/v0/ai/batch/`,
   * separate from `capture()`'s queue. Returns the event's uuid, or `undefined` when it was rejected.
   * Events up to 8 MiB are accepted.
   */
  captureAi(message: CaptureMessage): string | undefined {
    return this.dispatchCapture(this.state.aiPipeline, message, 'queue').uuid;
  }

  /**
   * Context, flags and validation for one capture, then queued or sent at once. Flags to evaluate
   * (`sendFeatureFlags`) are attached when known; the event is sent even if that fails. @internal
   */
  protected dispatchCapture(lane: EventPipeline, message: CaptureMessage, delivery: Delivery, minimal = false, sdkProperties = false): Dispatched {
    if (this.muted) return NOTHING;
    try {
      return this.dispatchResolved(lane, message, delivery, minimal, sdkProperties);
    } catch (error) {
      // A getter of the message or a flags snapshot that throws: reported as bad input, not thrown.
      lane.rejectThrown(error);
      return NOTHING;
    }
  }

  private dispatchResolved(lane: EventPipeline, message: CaptureMessage, delivery: Delivery, minimal: boolean, sdkProperties: boolean): Dispatched {
    const context = this.state.core.contexts.current();
    const resolved = context === undefined ? message : applyRequestContext(message, context, this.state.core.platform.scheduler.now());
    let input: EventInput;
    try {
      // A request context merges its own properties in: then they are the caller's as much as ours.
      input = captureInput(resolved, minimal, sdkProperties && resolved === message);
    } catch (error) {
      lane.reject(error);
      return NOTHING;
    }
    const built = lane.build(input);
    if (built === undefined) return NOTHING;
    const snapshot = resolved.flags;
    if (isFlagSnapshot(snapshot)) return this.deliver(lane, built.uuid, enrichWithProperties(built.json, snapshotEventProperties(snapshot)), delivery);
    const wanted = resolved.sendFeatureFlags;
    if (wanted === undefined || wanted === false || wanted === null) return this.deliver(lane, built.uuid, built.json, delivery, false, built.held);
    // Evaluate, then enrich; a flag failure never costs the event. Tracked so flush() waits for it.
    const options = typeof wanted === 'object' ? wanted : {};
    const flags = this
      .allFlags(input.distinctId, {
        groups: input.groups as Record<string, string | number> | undefined,
        personProperties: options.personProperties,
        groupProperties: options.groupProperties,
        flagKeys: options.flagKeys,
        disableGeoip: resolved.disableGeoip,
        // posthog-node evaluates only locally once definitions are loaded.
        onlyEvaluateLocally: options.onlyEvaluateLocally ?? (this.flags.isLocalEvaluationReady() || undefined),
      })
      .catch(() => ({}) as Record<string, FlagValue>);
    const done = flags.then((values) => this.deliver(lane, built.uuid, enrichWithFlags(built.json, values), delivery, true).done);
    lane.track(done);
    return { uuid: built.uuid, done };
  }

  /** Opted out, or created with `disabled: true`: nothing is sent. */
  private get muted(): boolean {
    return this.state.optedOut || this.state.core.options.disabled;
  }

  /** Validates and serialises an event without sending it; undefined (reported) when invalid or dropped. */
  private build(lane: EventPipeline, makeInput: () => EventInput): BuiltEvent | undefined {
    let input: EventInput;
    try {
      input = makeInput();
    } catch (error) {
      lane.reject(error);
      return undefined;
    }
    return lane.build(input);
  }

  /** Queues a built event (waking the serverless flusher) or sends it at once; no uuid when the queue refused it. */
  private deliver(lane: EventPipeline, uuid: string, json: string, delivery: Delivery, trackedBeforeClose = false, held?: string): Dispatched {
    if (delivery === 'now') return { uuid, done: lane.sendNow(json) };
    if (!lane.enqueueJson(json, trackedBeforeClose, held)) return NOTHING;
    this.state.waitUntil?.notify();
    return { uuid, done: SETTLED };
  }

  /** Builds one event of another kind (identify, alias, …) and queues it or sends it at once. @internal */
  protected dispatch(makeInput: () => EventInput, delivery: Delivery): Dispatched {
    if (this.muted) return NOTHING;
    const lane = this.state.pipeline;
    const built = this.build(lane, makeInput);
    return built === undefined ? NOTHING : this.deliver(lane, built.uuid, built.json, delivery, false, built.held);
  }

  /**
   * Runs `fn` with a request context: captures and flag calls inside take their distinct id and
   * properties from it unless given explicitly (inner contexts merge over outer ones unless `fresh`).
   * On runtimes without async-context storage `fn` simply runs.
   * @example app.use((req, res, next) => posthog.withContext(contextFromRequest(req), next))
   */
  withContext<R>(context: RequestContext, fn: () => R, options?: ContextOptions): R {
    return this.state.core.contexts.run(
      context,
      () => {
        notifyContextListeners(this);
        return fn();
      },
      options,
    );
  }

  /**
   * Makes `context` the current request context for the rest of the current async execution,
   * without a callback (Node.js `AsyncLocalStorage.enterWith`). Call it at the start of a request's
   * own async scope: called elsewhere, the context leaks into unrelated work — prefer
   * {@link withContext} when you can wrap the code. Does nothing where the runtime has no
   * async-context storage.
   * @example app.use((req, _res, next) => { posthog.enterContext({ distinctId: req.user.id }); next() })
   */
  enterContext(context: RequestContext, options?: ContextOptions): void {
    if (!this.state.core.contexts.enter(context, options)) this.state.core.logger.debug('enterContext: this runtime has no async-context storage; ignored');
    else notifyContextListeners(this);
  }

  /** The request context in force, if any. */
  getContext(): RequestContext | undefined {
    return this.state.core.contexts.current();
  }

  /** Sets person properties (`$identify`). */
  identify(message: IdentifyMessage): void {
    this.dispatch(() => identifyInput(message), 'queue');
  }

  /** Links `alias` to `distinctId` (`$create_alias`). */
  alias(message: AliasMessage): void {
    this.dispatch(() => aliasInput(message), 'queue');
  }

  /** Sets properties on a group (`$groupidentify`). */
  groupIdentify(message: GroupIdentifyMessage): void {
    this.dispatch(() => groupIdentifyInput(message), 'queue');
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
          this.state.pipeline.reject(new PostHogValidationError('type', `must be capture, identify, alias or groupIdentify, got ${excerpt((message as { type?: unknown })?.type)}`));
      }
    } catch (error) {
      this.state.pipeline.rejectThrown(error);
    }
  }

  /**
   * `$feature_flag_called` from a flag read. Outside a request context, on a lane that sends events
   * as built, the event is written straight from the read; otherwise it goes through the general path
   * as a message, where a minimal one keeps only allowlisted properties of the merged super, context
   * and flag properties (spec feature-flag-called, as posthog-node). @internal
   */
  protected captureFlagCalled(distinctId: string, resolution: Resolution, groups: Record<string, string> | undefined, disableGeoip: boolean | undefined): void {
    if (this.muted) return;
    const lane = this.state.pipeline;
    if (this.state.core.contexts.current() === undefined) {
      const built = lane.buildWritten('$feature_flag_called', distinctId, flagCalledPropertiesText(resolution), groups, disableGeoip);
      if (built !== undefined) {
        this.deliver(lane, built.uuid, built.json, 'queue', false, built.held);
        return;
      }
    }
    const { message, minimal } = flagCalledEvent(distinctId, resolution, groups, disableGeoip);
    this.dispatchCapture(lane, message, 'queue', minimal, true);
  }

  /**
   * Adds super properties to every later capture (per-call properties win). Kept in memory.
   * Resolves at once (a promise, as posthog-node's).
   * @example posthog.register({ service: 'billing', region: 'eu' })
   */
  register(properties: Record<string, unknown>): Promise<void> {
    if (properties === null || typeof properties !== 'object') this.state.pipeline.reject(new PostHogValidationError('properties', 'must be an object'));
    else {
      try {
        this.state.superProperties = Object.freeze({ ...this.state.superProperties, ...properties });
      } catch (error) {
        this.state.pipeline.rejectThrown(error);
      }
    }
    return this.hold(Promise.resolve());
  }

  /** Removes one super property; an unknown key is a no-op. Resolves at once. */
  unregister(key: string): Promise<void> {
    const current = this.state.superProperties;
    if (current !== undefined && key in current) {
      const { [key]: _removed, ...rest } = current;
      this.state.superProperties = Object.keys(rest).length > 0 ? Object.freeze(rest) : undefined;
    }
    return this.hold(Promise.resolve());
  }

  /**
   * Sets person properties with a `$set` event: `set` overwrites, `setOnce` only fills blanks. Both
   * empty → nothing is sent. Also takes posthog-node's object form.
   * @example posthog.setPersonProperties({ distinctId: 'user-1', properties: { plan: 'pro' }, propertiesOnce: { first_seen: '2026-01-01' } })
   */
  setPersonProperties(message: SetPersonPropertiesMessage): void;
  setPersonProperties(distinctId: string, set?: Record<string, unknown>, setOnce?: Record<string, unknown>): void;
  setPersonProperties(a: string | SetPersonPropertiesMessage, set?: Record<string, unknown>, setOnce?: Record<string, unknown>): void {
    const form = typeof a === 'object' && a !== null ? { distinctId: a.distinctId, set: a.properties, setOnce: a.propertiesOnce } : { distinctId: a, set, setOnce };
    const hasSet = isNonEmpty(form.set);
    const hasOnce = isNonEmpty(form.setOnce);
    if (!hasSet && !hasOnce) return;
    const properties: Record<string, unknown> = {};
    if (hasSet) properties.$set = form.set;
    if (hasOnce) properties.$set_once = form.setOnce;
    this.dispatch(() => ({ ...captureInput({ distinctId: form.distinctId, event: '$set', properties }), withBaseProperties: false }), 'queue');
  }

  /**
   * Removes person properties with a `$set` event carrying `$unset` (as posthog-node). Empty names
   * are ignored; with none left nothing is sent.
   * @example posthog.unsetPersonProperties({ distinctId: 'user-1', properties: ['legacy_plan'] })
   */
  unsetPersonProperties(message: UnsetPersonPropertiesMessage): void {
    const given = message?.properties;
    const names = (Array.isArray(given) ? given : [given]).filter((name): name is string => typeof name === 'string' && name.trim() !== '');
    if (names.length === 0) return;
    this.dispatch(() => ({ ...captureInput({ distinctId: message.distinctId, event: '$set', properties: { $unset: names } }), withBaseProperties: false }), 'queue');
  }
}

function isNonEmpty(value: Record<string, unknown> | undefined | null): value is Record<string, unknown> {
  return value !== undefined && value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}
