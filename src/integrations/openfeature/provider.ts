import {
  ErrorCode,
  type EvaluationContext,
  type FlagMetadata,
  type FlagValueType,
  type Hook,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
  StandardResolutionReasons,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import type { FlagRead } from '../../client/flag-api.js';
import type { PostHogClient } from '../../client/posthog.js';
import type { DefinitionsEvent } from '../../flags/definitions/events.js';
import type { CaptureMessage } from '../../messages/message.js';
import { flagCallTarget } from './evaluation-context.js';
import { resolutionDetails } from './resolution-details.js';

/** How long `initialize()` waits for flag definitions by default. */
const DEFAULT_READY_TIMEOUT_MS = 30_000;

const REFUSED =
  'PostHog refused the personal API key for flag definitions (401/403): local evaluation is off until reloadFeatureFlags(); flags are asked of /flags meanwhile';

/** Options of {@link PostHogProvider}. */
export interface PostHogProviderOptions {
  /**
   * Send `$feature_flag_called` for each evaluation (once per user, flag and value), from the
   * provider's hook, exactly as `getFeatureFlag` does.
   * @default the client's `sendFeatureFlagEvent`
   */
  sendFeatureFlagEvents?: boolean;
  /**
   * How long `initialize()` (and so `OpenFeature.setProviderAndWait`) waits for flag definitions when
   * the client evaluates locally. After that the provider is in `ERROR` until they load.
   * @default 30000
   */
  readyTimeoutMs?: number;
}

/**
 * An OpenFeature server provider backed by a posthog-ts client.
 *
 * - `targetingKey` is the distinct id (inside a request context it may be left out); `groups` maps
 *   group types to keys; `groupProperties` gives their properties; every other attribute is a person property.
 * - Booleans read whether the flag is on (a variant counts as on); strings read the variant; numbers
 *   and objects read the payload of the value. Reasons and error codes follow OpenFeature's.
 * - Events: `READY` once definitions are loaded (at once without a personal API key),
 *   `CONFIGURATION_CHANGED` when new definitions arrive, `ERROR` when the key is refused.
 * - Its hook sends `$feature_flag_called` as posthog-ts does; `track()` captures an event.
 *
 * Closing the provider flushes the client; shutting the client down stays with you.
 * @example
 * import { OpenFeature } from '@openfeature/server-sdk'
 * import { PostHogProvider } from 'posthog-ts/openfeature'
 * await OpenFeature.setProviderAndWait(new PostHogProvider(posthog))
 * const enabled = await OpenFeature.getClient().getBooleanValue('new-checkout', false, { targetingKey: 'user-1' })
 */
export class PostHogProvider implements Provider {
  /** The provider's name, as OpenFeature shows it. */
  readonly metadata = { name: 'posthog-ts' } as const;
  /** Server-side only. */
  readonly runsOn = 'server' as const;
  /** READY / CONFIGURATION_CHANGED / ERROR, from the client's flag definitions. */
  readonly events = new OpenFeatureEventEmitter();
  /** The `$feature_flag_called` hook (empty when those events are off). */
  readonly hooks: Hook[];
  private readonly readyTimeoutMs: number;
  /** Reads waiting for the hook, keyed by the metadata object OpenFeature hands the hook back. */
  private readonly pending = new WeakMap<FlagMetadata, FlagRead>();
  private unwatch: (() => void) | undefined;
  /** After `initialize()` settles, loader events become provider events (before, the SDK reports). */
  private initialized = false;

  constructor(
    private readonly client: PostHogClient,
    options: PostHogProviderOptions = {},
  ) {
    const send = options.sendFeatureFlagEvents ?? client.options.sendFeatureFlagEvent;
    this.hooks = send ? [{ finally: (_hookContext, details) => this.report(details.flagMetadata) }] : [];
    const timeout = options.readyTimeoutMs;
    this.readyTimeoutMs = typeof timeout === 'number' && timeout >= 0 ? timeout : DEFAULT_READY_TIMEOUT_MS;
  }

  /** Waits for flag definitions when the client evaluates locally; rejects when the key is refused or time runs out. */
  async initialize(): Promise<void> {
    this.unwatch ??= this.client.watchFlagDefinitions((event) => this.definitionsEvent(event));
    try {
      const state = this.client.flagDefinitionsState();
      if (state === 'inactive' || state === 'ready') return;
      if (state === 'loading' && (await this.client.waitForLocalEvaluationReady(this.readyTimeoutMs))) return;
      if (this.client.flagDefinitionsState() === 'halted') throw new Error(REFUSED);
      throw new Error(`PostHog flag definitions did not load within ${this.readyTimeoutMs} ms; the provider turns READY when they do`);
    } finally {
      this.initialized = true;
    }
  }

  /** Stops mirroring definitions events and flushes the client (pending `$feature_flag_called` included). */
  async onClose(): Promise<void> {
    this.unwatch?.();
    this.unwatch = undefined;
    this.initialized = false;
    await this.client.flush();
  }

  /** Whether the flag is on: `true` for a variant too. */
  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return this.resolve('boolean', flagKey, defaultValue, context);
  }

  /** The variant key of a multivariate flag. */
  resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return this.resolve('string', flagKey, defaultValue, context);
  }

  /** The payload of the flag's value, when it is a number. */
  resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return this.resolve('number', flagKey, defaultValue, context);
  }

  /** The payload of the flag's value, when it is a JSON object or array. */
  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T, context: EvaluationContext): Promise<ResolutionDetails<T>> {
    return this.resolve('object', flagKey, defaultValue, context);
  }

  /** Captures `trackingEventName` for the context's `targetingKey`, with the details as properties. */
  track(trackingEventName: string, context: EvaluationContext, trackingEventDetails: TrackingEventDetails): void {
    const { distinctId, options } = flagCallTarget(context);
    const message: CaptureMessage = { distinctId: distinctId ?? '', event: trackingEventName, properties: { ...trackingEventDetails } };
    if (options.groups !== undefined) message.groups = options.groups;
    this.client.capture(message);
  }

  private async resolve<T>(type: FlagValueType, flagKey: string, defaultValue: T, context: EvaluationContext): Promise<ResolutionDetails<T>> {
    const { distinctId, options } = flagCallTarget(context);
    const read = await this.client.resolveFlagRead(flagKey, distinctId, options);
    if (read === undefined) return this.error(defaultValue, ErrorCode.GENERAL, `flag "${flagKey}" could not be evaluated; see the PostHog log`);
    if (read.distinctId === '') return this.error(defaultValue, ErrorCode.TARGETING_KEY_MISSING, 'a targetingKey (the distinct id) is required outside a request context');
    const details = resolutionDetails(type, defaultValue, read.resolution);
    if (this.hooks.length > 0 && details.flagMetadata !== undefined) this.pending.set(details.flagMetadata, read);
    return details;
  }

  private error<T>(defaultValue: T, errorCode: ErrorCode, errorMessage: string): ResolutionDetails<T> {
    return { value: defaultValue, reason: StandardResolutionReasons.ERROR, errorCode, errorMessage };
  }

  /** The hook's half: the read resolved for this evaluation, reported once. */
  private report(flagMetadata: FlagMetadata): void {
    const read = this.pending.get(flagMetadata);
    if (read === undefined) return;
    this.pending.delete(flagMetadata);
    this.client.reportFlagRead(read);
  }

  private definitionsEvent(event: DefinitionsEvent): void {
    if (!this.initialized) return;
    if (event === 'ready') this.events.emit(ProviderEvents.Ready);
    else if (event === 'changed') this.events.emit(ProviderEvents.ConfigurationChanged);
    else this.events.emit(ProviderEvents.Error, { message: REFUSED });
  }
}
