import type { FlagValue } from '../flags/flag-source.js';
import type { EventInput } from '../messages/build-event.js';
import type { AliasMessage, CaptureMessage, GroupIdentifyMessage, IdentifyMessage, Message } from '../messages/message.js';
import { aliasInput, captureInput, groupIdentifyInput, identifyInput } from '../messages/to-input.js';
import { PostHogValidationError } from '../base/errors.js';
import { applyRequestContext } from '../context/apply-context.js';
import type { RequestContext } from '../context/request-context.js';
import { enrichWithFlags, readSnapshotValues } from './flag-enrichment.js';
import { excerpt } from '../base/excerpt.js';
import { FeatureFlagApi } from './flag-api.js';

/**
 * The event half of the public client: capture, identify, alias, group identify, person
 * properties and super properties. Each method validates, builds the event (its uuid, timestamp and
 * properties fixed now) and queues it; none blocks, none throws unless `strict` is on.
 */
export class EventApi extends FeatureFlagApi {
  /**
   * Queues an event. `$pageview` with `properties.$current_url` records a page view. Returns the
   * event's uuid (kept on every retry), or `undefined` when the event was rejected or dropped.
   */
  capture(message: CaptureMessage): string | undefined {
    if (this.state.optedOut) return undefined;
    try {
      const resolved = applyRequestContext(message, this.state.core.contexts.current(), this.state.core.platform.scheduler.now());
      const snapshot = resolved?.flags;
      if (snapshot !== undefined && snapshot !== null && typeof snapshot.values === 'function') return this.captureWithSnapshot(resolved, readSnapshotValues(snapshot));
      if (resolved?.sendFeatureFlags === true) return this.captureWithFlags(resolved);
      return this.submit(() => captureInput(resolved));
    } catch (error) {
      // A getter of the message or a flags snapshot that throws: reported as bad input, not thrown.
      this.state.pipeline.rejectThrown(error);
      return undefined;
    }
  }

  /** Capture enriched from an `evaluateFlags()` snapshot: no evaluation, no `$feature_flag_called`. */
  private captureWithSnapshot(message: CaptureMessage, flags: Record<string, FlagValue>): string | undefined {
    const built = this.buildCapture(message);
    if (built === undefined || !this.state.pipeline.enqueueJson(enrichWithFlags(built.json, flags))) return undefined;
    this.state.waitUntil?.notify();
    return built.uuid;
  }

  private captureWithFlags(message: CaptureMessage): string | undefined {
    // Snapshot now; enrich when the flags are known; enqueue even if enrichment fails.
    const built = this.buildCapture(message);
    if (built === undefined) return undefined;
    const { input, json: snapshot } = built;
    const groups = input.groups as Record<string, string> | undefined;
    const pipeline = this.state.pipeline;
    pipeline.track(
      this.flags
        .getAllFlags(input.distinctId, { groups })
        .catch(() => ({}) as Record<string, FlagValue>)
        .then((flags) => {
          pipeline.enqueueJson(enrichWithFlags(snapshot, flags), true);
        }),
    );
    return built.uuid;
  }

  /** Validates and serialises a capture without enqueueing it; undefined (reported) when invalid. */
  private buildCapture(message: CaptureMessage): { json: string; uuid: string; input: EventInput } | undefined {
    let input: EventInput;
    try {
      input = captureInput(message);
    } catch (error) {
      this.state.pipeline.reject(error);
      return undefined;
    }
    const built = this.state.pipeline.build(input);
    return built === undefined ? undefined : { ...built, input };
  }

  /**
   * Runs `fn` with a request context: captures and flag calls inside take their distinct id and
   * properties from it unless given explicitly (inner contexts merge over outer ones unless `fresh`).
   * On runtimes without async-context storage `fn` simply runs.
   * @example app.use((req, res, next) => posthog.withContext(contextFromRequest(req), next))
   */
  withContext<R>(context: RequestContext, fn: () => R, options?: { fresh?: boolean }): R {
    return this.state.core.contexts.run(context, fn, options?.fresh === true);
  }

  /** The request context in force, if any. */
  getContext(): RequestContext | undefined {
    return this.state.core.contexts.current();
  }

  /**
   * Queues an AI event (`$ai_generation`, `$ai_trace`, …) on its own lane to `/i/v0/ai/batch/`,
   * separate from `capture()`'s queue. Returns the event's uuid, or `undefined` when it was rejected.
   * Events up to 8 MiB are accepted.
   */
  captureAi(message: CaptureMessage): string | undefined {
    if (this.state.optedOut) return undefined;
    try {
      const resolved = applyRequestContext(message, this.state.core.contexts.current(), this.state.core.platform.scheduler.now());
      const id = this.state.aiPipeline.submit(() => captureInput(resolved));
      if (id !== undefined) this.state.waitUntil?.notify();
      return id;
    } catch (error) {
      this.state.aiPipeline.rejectThrown(error);
      return undefined;
    }
  }

  /** Sets person properties (`$identify`). */
  identify(message: IdentifyMessage): void {
    if (!this.state.optedOut) this.submit(() => identifyInput(message));
  }

  /** Links `alias` to `distinctId` (`$create_alias`). */
  alias(message: AliasMessage): void {
    if (!this.state.optedOut) this.submit(() => aliasInput(message));
  }

  /** Sets properties on a group (`$groupidentify`). */
  groupIdentify(message: GroupIdentifyMessage): void {
    if (!this.state.optedOut) this.submit(() => groupIdentifyInput(message));
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

  /** Minimal `$feature_flag_called` events carry no super, default or context properties. @internal */
  protected captureFlagCalled(message: CaptureMessage, minimal: boolean): void {
    if (!minimal) this.capture(message);
    else if (!this.state.optedOut) this.submit(() => ({ ...captureInput(message), withBaseProperties: false }));
  }

  /** Queues one event on the capture lane; its uuid, or undefined when it was not accepted. @internal */
  protected submit(makeInput: () => EventInput): string | undefined {
    const id = this.state.pipeline.submit(makeInput);
    if (id !== undefined) this.state.waitUntil?.notify();
    return id;
  }

  /**
   * Adds super properties to every later capture (per-call properties win). Kept in memory.
   * @example posthog.register({ service: 'billing', region: 'eu' })
   */
  register(properties: Record<string, unknown>): void {
    if (properties === null || typeof properties !== 'object') {
      this.state.pipeline.reject(new PostHogValidationError('properties', 'must be an object'));
      return;
    }
    try {
      this.state.superProperties = Object.freeze({ ...this.state.superProperties, ...properties });
    } catch (error) {
      this.state.pipeline.rejectThrown(error);
    }
  }

  /** Removes one super property; an unknown key is a no-op. */
  unregister(key: string): void {
    const current = this.state.superProperties;
    if (current === undefined || !(key in current)) return;
    const { [key]: _removed, ...rest } = current;
    this.state.superProperties = Object.keys(rest).length > 0 ? Object.freeze(rest) : undefined;
  }

  /**
   * Sets person properties with a `$set` event: `set` overwrites, `setOnce` only fills blanks. Both
   * empty → nothing is sent.
   */
  setPersonProperties(distinctId: string, set?: Record<string, unknown>, setOnce?: Record<string, unknown>): void {
    if (this.state.optedOut) return;
    const hasSet = set !== undefined && set !== null && Object.keys(set).length > 0;
    const hasOnce = setOnce !== undefined && setOnce !== null && Object.keys(setOnce).length > 0;
    if (!hasSet && !hasOnce) return;
    const properties: Record<string, unknown> = {};
    if (hasSet) properties.$set = set;
    if (hasOnce) properties.$set_once = setOnce;
    this.submit(() => ({ ...captureInput({ distinctId, event: '$set', properties }), withBaseProperties: false }));
  }
}
