import type {
  FeatureFlagsClient,
  FlagCallOptions,
} from '../flags/feature-flags-client.js';
import type { ContextStore } from '../context/request-context.js';
import type { DefinitionsListener, DefinitionsState } from '../flags/definitions/events.js';
import type { Resolution } from '../flags/resolution.js';
import type { KeepAlive } from '../platform/platform.js';
import { type FlagPropertyOverrides, withStoredProperties } from '../flags/flag-property-overrides.js';
import type { ClientState } from './client-state.js';
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
 * The root of the public client: the state every part shares, person and group properties stored
 * for flag calls, and definitions loading. Flag reads are in `flag-read-api.ts`. None of them throws.
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
  protected guarded<T>(method: string, fallback: () => T | Promise<T>, call: () => T | Promise<T>): Promise<T> {
    let work: Promise<T>;
    try {
      const result = call();
      // A value known at once (a flag decided locally) costs one resolved promise, no more: there is
      // no pending work to hold the process open for.
      if (!(result instanceof Promise)) return Promise.resolve(result);
      work = result.catch((error: unknown) => this.failed(method, fallback, error));
    } catch (error) {
      work = Promise.resolve().then(() => this.failed(method, fallback, error));
    }
    return this.hold(work);
  }

  private failed<T>(method: string, fallback: () => T | Promise<T>, error: unknown): T | Promise<T> {
    this.log.error(`${method} failed: ${excerpt(error)}`);
    return fallback();
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
  protected withStored<O extends FlagCallOptions>(options: O | undefined): O | undefined {
    // Outside a request context (the common case) nothing is stored: no layers to build.
    const store = this.contexts.flagOverrides(false);
    return store === undefined ? options : withStoredProperties(options, [store]);
  }

  /**
   * An explicit id wins (a finite number is stringified, the same rule as `capture()`); otherwise
   * the request context's; otherwise the blank id as given (the flags service evaluates ""); with
   * no id at all, none (no request is made).
   */
  protected identity(distinctId: unknown): string | undefined {
    const explicit = readDistinctId(distinctId);
    if (explicit !== undefined) return explicit;
    const fromContext = this.contexts.current()?.distinctId;
    return readDistinctId(fromContext) ?? fromContext ?? (typeof distinctId === 'string' ? distinctId : undefined);
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
