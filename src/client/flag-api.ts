import type { FlagValue } from '../flags/flag-source.js';
import type {
  AllFlagsOptions,
  FeatureFlagEvaluations,
  FeatureFlagResult,
  FeatureFlagsClient,
  FlagCallOptions,
  FlagsAndPayloads,
  IsFeatureEnabledOptions,
} from '../flags/feature-flags-client.js';
import type { ContextStore } from '../context/request-context.js';
import type { DefinitionsListener, DefinitionsState } from '../flags/definitions/events.js';
import type { Resolution } from '../flags/resolution.js';
import type { KeepAlive } from '../platform/platform.js';
import { type FlagPropertyOverrides, withStoredProperties } from '../flags/flag-property-overrides.js';
import type { ClientState } from './client-state.js';
import { type FlagKeyRequest, type FlagRequest, readFlagArgs } from './flag-call-args.js';
import { readDistinctId } from '../messages/validate.js';
import { excerpt } from '../base/excerpt.js';
import type { Logger } from '../base/logger.js';

/** A flag read not yet reported: who it was for, what it resolved to, and the options it ran with. @internal */
export interface FlagRead {
  distinctId: string;
  resolution: Resolution;
  options: FlagCallOptions | undefined;
}

/**
 * The feature-flag half of the public client: each method accepts posthog-node's positional form
 * and posthog-go's object form, and hands off to the flags client. None of them throws.
 */
export class FeatureFlagApi {
  /** Which set…ForFlags methods have already warned about a call outside a request context. */
  private readonly warnedOutsideContext = new Set<string>();

  protected readonly flags: FeatureFlagsClient;
  private readonly contexts: ContextStore;
  /** Keeps the process alive while a promise returned to the caller is pending. */
  protected readonly hold: KeepAlive;
  private readonly log: Logger;

  /** @internal */
  constructor(protected readonly state: ClientState) {
    this.flags = state.flags;
    this.contexts = state.core.contexts;
    this.hold = state.core.platform.keepAlive;
    this.log = state.core.logger;
  }

  /**
   * Runs a flag call so that it can neither throw nor reject: an argument whose getter throws (or
   * any other failure) is logged and answered with the call's documented empty value.
   */
  protected guarded<T>(method: string, fallback: () => T | Promise<T>, call: () => Promise<T>): Promise<T> {
    const failed = (error: unknown) => {
      this.log.error(`${method} failed: ${excerpt(error)}`);
      return fallback();
    };
    let work: Promise<T>;
    try {
      work = call().catch(failed);
    } catch (error) {
      work = Promise.resolve().then(() => failed(error));
    }
    return this.hold(work);
  }

  // ── stored properties for flags ───────────────────────────────────────────────────────────────

  /**
   * Stores person properties that later flag calls of the current request evaluate with (for
   * properties PostHog has not processed yet): inside {@link PostHogClient.withContext} (or the
   * framework middleware) they belong to that request only. Outside any request context it does
   * nothing and warns once: stored client-wide, one user's properties would apply to every later
   * user — pass `personProperties` to the flag call instead. A call's own `personProperties` win
   * over stored ones. Sends no event.
   */
  setPersonPropertiesForFlags(properties: Record<string, unknown>): void {
    try {
      this.store('setPersonPropertiesForFlags')?.setPerson(properties);
    } catch (error) {
      this.log.error(`setPersonPropertiesForFlags failed: ${excerpt(error)}`);
    }
  }

  /** Forgets the person properties stored for flags in the current request context. */
  resetPersonPropertiesForFlags(): void {
    this.contexts.flagOverrides(false)?.resetPerson();
  }

  /**
   * Stores group properties for later flag calls, for one group type or as `{ type: properties }`.
   * Scoped like {@link setPersonPropertiesForFlags}; a call's own `groupProperties` win.
   */
  setGroupPropertiesForFlags(groupType: string, properties: Record<string, unknown>): void;
  setGroupPropertiesForFlags(propertiesByGroupType: Record<string, Record<string, unknown>>): void;
  setGroupPropertiesForFlags(a: string | Record<string, Record<string, unknown>>, properties?: Record<string, unknown>): void {
    const store = this.store('setGroupPropertiesForFlags');
    if (store === undefined) return;
    try {
      if (typeof a === 'string') store.setGroup(a, properties);
      else if (a !== null && typeof a === 'object') for (const [type, props] of Object.entries(a)) store.setGroup(type, props);
    } catch (error) {
      this.log.error(`setGroupPropertiesForFlags failed: ${excerpt(error)}`);
    }
  }

  /** Forgets the group properties stored for flags in the current request context: one group type's, or all. */
  resetGroupPropertiesForFlags(groupType?: string): void {
    this.contexts.flagOverrides(false)?.resetGroups(typeof groupType === 'string' ? groupType : undefined);
  }

  /** The person properties flag calls here would evaluate with (the request context's; `{}` outside one). */
  getPersonPropertiesForFlags(): Record<string, unknown> {
    return withStoredProperties<FlagCallOptions>({}, this.layers())?.personProperties ?? {};
  }

  /** The group properties flag calls here would evaluate with, by group type. */
  getGroupPropertiesForFlags(): Record<string, Record<string, unknown>> {
    return withStoredProperties<FlagCallOptions>({}, this.layers())?.groupProperties ?? {};
  }

  /** The current request context's store (made on first use), or none outside a context (warned once per method). */
  private store(method: string): FlagPropertyOverrides | undefined {
    if (this.contexts.current() !== undefined) return this.contexts.flagOverrides(true);
    if (!this.warnedOutsideContext.has(method)) {
      this.warnedOutsideContext.add(method);
      const why = this.contexts.supported ? 'outside a request context (posthog.withContext or the framework middleware)' : 'on a runtime without request contexts';
      this.log.warn(`${method}() ${why} does nothing: stored for the whole client, one user's properties would apply to every later user. Pass personProperties / groupProperties to the flag call instead.`);
    }
    return undefined;
  }

  /** The stores flag calls here read: the request context's, if any. */
  private layers(): Array<FlagPropertyOverrides | undefined> {
    return [this.contexts.flagOverrides(false)];
  }

  /** A call's options with the stored properties layered under its own (the options as they are when nothing is stored). */
  private withStored<O extends FlagCallOptions>(options: O | undefined): O | undefined {
    return withStoredProperties(options, this.layers());
  }

  /**
   * An explicit id wins (a finite number is stringified, the same rule as `capture()`); otherwise
   * the request context's; otherwise the blank id as given (the flags service evaluates ""); with
   * no id at all, none (no request is made).
   */
  private identity(distinctId: unknown): string | undefined {
    const explicit = readDistinctId(distinctId);
    if (explicit !== undefined) return explicit;
    const fromContext = this.contexts.current()?.distinctId;
    return readDistinctId(fromContext) ?? fromContext ?? (typeof distinctId === 'string' ? distinctId : undefined);
  }


  /**
   * Whether a flag is on for a user: `true` / `false`, `defaultValue` when it has no value, or
   * `undefined`. Never throws. Also takes one object, posthog-go style: `{ key, distinctId, … }`.
   */
  isFeatureEnabled(key: string, distinctId: string, options?: IsFeatureEnabledOptions): Promise<boolean | undefined>;
  isFeatureEnabled(request: FlagRequest & IsFeatureEnabledOptions): Promise<boolean | undefined>;
  isFeatureEnabled(a: string | (FlagRequest & IsFeatureEnabledOptions), b?: string, c?: IsFeatureEnabledOptions): Promise<boolean | undefined> {
    return this.guarded('isFeatureEnabled', () => undefined, () => {
      const { key, distinctId, options } = readFlagArgs(a, b, c);
      return this.flags.isFeatureEnabled(key, this.identity(distinctId), this.withStored(options));
    });
  }

  /** A flag's value: `true` / `false`, the variant key, or `undefined` when it has none. Never throws. */
  getFeatureFlag(key: string, distinctId: string, options?: FlagCallOptions): Promise<FlagValue | undefined>;
  getFeatureFlag(request: FlagRequest): Promise<FlagValue | undefined>;
  getFeatureFlag(a: string | FlagRequest, b?: string, c?: FlagCallOptions): Promise<FlagValue | undefined> {
    return this.guarded('getFeatureFlag', () => undefined, () => {
      const { key, distinctId, options } = readFlagArgs(a, b, c);
      return this.flags.getFeatureFlag(key, this.identity(distinctId), this.withStored(options));
    });
  }

  /** The payload of a flag's value (`null` when the value has none). Never emits `$feature_flag_called`. */
  getFeatureFlagPayload(key: string, distinctId: string, matchValue?: FlagValue, options?: FlagCallOptions): Promise<unknown>;
  getFeatureFlagPayload(request: FlagRequest & { matchValue?: FlagValue }): Promise<unknown>;
  getFeatureFlagPayload(a: string | (FlagRequest & { matchValue?: FlagValue }), b?: string, matchValue?: FlagValue, c?: FlagCallOptions): Promise<unknown> {
    return this.guarded('getFeatureFlagPayload', () => undefined, () => {
      const { key, distinctId, options } = readFlagArgs(a, b, c);
      const match = typeof a === 'object' && a !== null ? a.matchValue : matchValue;
      return this.flags.getFeatureFlagPayload(key, this.identity(distinctId), match, this.withStored(options));
    });
  }

  /** Value, payload and a readable reason of a flag, or `undefined`. Never throws. */
  getFeatureFlagResult(key: string, distinctId: string, options?: FlagCallOptions): Promise<FeatureFlagResult | undefined>;
  getFeatureFlagResult(request: FlagRequest): Promise<FeatureFlagResult | undefined>;
  getFeatureFlagResult(a: string | FlagRequest, b?: string, c?: FlagCallOptions): Promise<FeatureFlagResult | undefined> {
    return this.guarded('getFeatureFlagResult', () => undefined, () => {
      const { key, distinctId, options } = readFlagArgs(a, b, c);
      return this.flags.getFeatureFlagResult(key, this.identity(distinctId), this.withStored(options));
    });
  }

  /** Every flag's value for a user (`{}` when nothing is known). Never emits `$feature_flag_called`. */
  getAllFlags(distinctId: string, options?: AllFlagsOptions): Promise<Record<string, FlagValue>>;
  getAllFlags(request: FlagKeyRequest): Promise<Record<string, FlagValue>>;
  getAllFlags(a: string | FlagKeyRequest, b?: AllFlagsOptions): Promise<Record<string, FlagValue>> {
    return this.guarded('getAllFlags', () => ({}), () => {
      const { distinctId, options } = typeof a === 'object' && a !== null ? { distinctId: a.distinctId, options: a } : { distinctId: a, options: b };
      return this.flags.getAllFlags(this.identity(distinctId), this.withStored(options));
    });
  }

  /** Every flag's value and payload for a user. */
  getAllFlagsAndPayloads(distinctId: string, options?: AllFlagsOptions): Promise<FlagsAndPayloads>;
  getAllFlagsAndPayloads(request: FlagKeyRequest): Promise<FlagsAndPayloads>;
  getAllFlagsAndPayloads(a: string | FlagKeyRequest, b?: AllFlagsOptions): Promise<FlagsAndPayloads> {
    return this.guarded('getAllFlagsAndPayloads', () => ({ featureFlags: {}, featureFlagPayloads: {} }), () => {
      const { distinctId, options } = typeof a === 'object' && a !== null ? { distinctId: a.distinctId, options: a } : { distinctId: a, options: b };
      return this.flags.getAllFlagsAndPayloads(this.identity(distinctId), this.withStored(options));
    });
  }

  /**
   * Evaluates flags once (at most one request) and returns an immutable snapshot to read from;
   * `$feature_flag_called` is sent lazily when a flag is read.
   */
  evaluateFlags(distinctId: string, options?: AllFlagsOptions): Promise<FeatureFlagEvaluations> {
    // The empty snapshot: no distinct id, nothing evaluated, nothing requested.
    return this.guarded('evaluateFlags', () => this.flags.evaluateFlags(undefined), () => this.flags.evaluateFlags(this.identity(distinctId), this.withStored(options)));
  }

  /** Loads flag definitions now (local evaluation). Resolves when done; never rejects. */
  reloadFeatureFlags(): Promise<void> {
    return this.hold(this.flags.reloadFeatureFlags());
  }

  /** Resolves `true` once definitions are loaded, `false` after `timeoutMs`. @default timeoutMs 30000 */
  waitForLocalEvaluationReady(timeoutMs?: number): Promise<boolean> {
    return this.hold(this.flags.waitForLocalEvaluationReady(timeoutMs));
  }

  /** Whether definitions are loaded and flags can be evaluated locally. */
  isLocalEvaluationReady(): boolean {
    return this.flags.isLocalEvaluationReady();
  }

  // ── for integrations (the OpenFeature provider) ───────────────────────────────────────────────

  /**
   * Resolves a flag as `getFeatureFlag` does (request-context identity, stored properties) but sends
   * no `$feature_flag_called`: the caller reports it with {@link reportFlagRead}. @internal
   */
  resolveFlagRead(key: string, distinctId: string | undefined, options?: FlagCallOptions): Promise<FlagRead | undefined> {
    const id = this.identity(distinctId);
    const layered = this.withStored(options);
    const read = this.flags.resolveUnreported(key, id, layered).then((resolution) => resolution && { distinctId: id ?? '', resolution, options: layered });
    return this.hold(read);
  }

  /** Sends `$feature_flag_called` for a read, de-duplicated like every flag call. @internal */
  reportFlagRead(read: FlagRead): void {
    this.flags.reportFlagCall(read.distinctId, read.resolution, read.options);
  }

  /** Where the flag definitions loader stands. @internal */
  flagDefinitionsState(): DefinitionsState {
    return this.flags.definitionsState;
  }

  /** Calls `listener` on flag definitions events (`ready`, `changed`, `halted`); returns the unsubscribe. @internal */
  watchFlagDefinitions(listener: DefinitionsListener): () => void {
    return this.flags.watchDefinitions(listener);
  }
}
