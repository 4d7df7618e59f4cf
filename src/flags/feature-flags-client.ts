import type { JsonType } from '../base/json.js';
import type { Logger } from '../base/logger.js';
import type { SecretKey } from '../base/secret.js';
import type { Platform } from '../platform/platform.js';
import type { FlagDefinitionsCache } from './definitions/cache-provider.js';
import type { DefinitionsListener, DefinitionsState } from './definitions/events.js';
import { DefinitionsLoader } from './definitions/loader.js';
import type { DefinitionsPayload } from './definitions/payload.js';
import { FlagCalledTracker } from './called-tracker.js';
import { CallSubject, objectOr, readOption, toStringGroups } from './call-subject.js';
import type { FlagCalledSink } from './flag-called-event.js';
import type { FlagDecision, FlagOutcome, FlagSubject, FlagValue } from './flag-source.js';
import { FeatureFlagEvaluations, type UnresolvedFlagReason } from './evaluations.js';
import { UNDECIDED } from './local/context.js';
import type { CompiledFlagSet } from './local/flag-set.js';
import { parsePayload } from './payloads.js';
import { type FlagsApiConfig, type RemoteFlag, type RemoteFlags, type RemoteFlagsFailure, requestFlags } from './remote/flags-api.js';
import { type Resolution, noValue } from './resolution.js';
import { excerpt } from '../base/excerpt.js';

export { FeatureFlagEvaluations } from './evaluations.js';

/** Options of a flag call. */
export interface FlagCallOptions {
  /** Group memberships: group type → group key. */
  groups?: Record<string, string | number>;
  /** Person properties to evaluate with (e.g. ones not yet sent to PostHog). */
  personProperties?: Record<string, unknown>;
  /** Group properties by group type. */
  groupProperties?: Record<string, Record<string, unknown>>;
  /** Never call `/flags`: a flag that cannot be decided locally has no value. */
  onlyEvaluateLocally?: boolean;
  /** Send `$feature_flag_called` for this read. @default the client's `sendFeatureFlagEvent` */
  sendFeatureFlagEvents?: boolean;
  /** Ask PostHog not to use GeoIP for this evaluation. */
  disableGeoip?: boolean;
  /** Device id for flags bucketed by device. */
  deviceId?: string;
}

/** Options of `isFeatureEnabled`. */
export interface IsFeatureEnabledOptions extends FlagCallOptions {
  /** Returned when the flag has no value (not loaded, request failed, unknown key). */
  defaultValue?: boolean;
}

/** Options of the bulk calls. */
export interface AllFlagsOptions extends FlagCallOptions {
  /** Only evaluate these flags. */
  flagKeys?: string[];
}

/** A flag's value with its payload and why it has it (posthog-node's shape plus a few fields). */
export interface FeatureFlagResult {
  key: string;
  /** `false` is a definite "off". */
  enabled: boolean;
  variant: string | undefined;
  payload: JsonType | undefined;
  /** Why, in words (which condition matched, why not …). */
  reason?: string;
  /** Stable reason code (`condition_match`, `out_of_rollout`, …). */
  reasonCode?: string;
  /** Whether it was decided from local definitions. */
  locallyEvaluated: boolean;
}

/** Values and payloads of every flag. */
export interface FlagsAndPayloads {
  featureFlags: Record<string, FlagValue>;
  featureFlagPayloads: Record<string, JsonType>;
}

/** The client options flags read (the resolved client options satisfy it). @internal */
export interface FlagsOptions {
  readonly apiKey: string;
  readonly host: string;
  readonly personalApiKey: string | undefined;
  readonly disabled: boolean;
  readonly disableGeoip: boolean;
  readonly requestTimeout: number;
  readonly featureFlagsPollingInterval: number;
  readonly featureFlagsRequestTimeoutMs: number;
  readonly featureFlagsRequestRetries: number;
  readonly sendFeatureFlagEvent: boolean;
  readonly strictLocalEvaluation: boolean;
  readonly flagCalledCacheSize: number;
  readonly flagDefinitionsMaxBytes: number;
  /** Only flags tagged with one of these (or untagged) are evaluated; `/flags` receives the list. */
  readonly evaluationContexts: readonly string[] | undefined;
  /** With `false`, definitions are never loaded (the key still serves remote config). */
  readonly enableLocalEvaluation: boolean;
  /** With `false`, snapshots do not warn about unknown keys. */
  readonly featureFlagsLogWarnings: boolean;
}

/** Constructor arguments. @internal */
export interface FeatureFlagsClientConfig {
  options: FlagsOptions;
  platform: Platform;
  logger: Logger;
  emit: FlagCalledSink;
  flagDefinitions?: DefinitionsPayload;
  cache?: FlagDefinitionsCache;
  /** The personal API key or project secret key (`options.personalApiKey` is only its masked form). */
  secretKey?: SecretKey;
  /** Told how many flags each load of definitions put in force. */
  onDefinitionsLoaded?: (count: number) => void;
  /** Told each failed definitions load or `/flags` request. */
  onError?: (error: Error) => void;
}

const DEFAULT_READY_TIMEOUT_MS = 30_000;

/** Where a flag is meant to be evaluated (definition field `evaluation_runtime`). */
export type FeatureFlagEvaluationRuntime = 'all' | 'client' | 'server';

/** A missing or unknown runtime is `all`, the default PostHog applies (as posthog-node). */
function normalizeRuntime(value: unknown): FeatureFlagEvaluationRuntime {
  return value === 'client' || value === 'server' ? value : 'all';
}

/** posthog-node's reason for a flag local evaluation could not decide, read from our explanation. */
function unresolvedReason(description: string): UnresolvedFlagReason {
  if (/continuity/i.test(description)) return 'experience_continuity';
  if (/depend/i.test(description)) return 'unresolved_dependency';
  if (/malformed|unknown|unsupported|not supported|static cohort|cohort/i.test(description)) return 'unsupported_definition';
  return 'missing_context';
}

function wantedKeys(options: AllFlagsOptions | undefined): string[] | undefined {
  return Array.isArray(options?.flagKeys) ? options.flagKeys.filter((k) => typeof k === 'string') : undefined;
}

function valuesOf(resolutions: Resolution[]): Record<string, FlagValue> {
  const out: Record<string, FlagValue> = {};
  for (const r of resolutions) if (r.value !== undefined) out[r.key] = r.value;
  return out;
}

/**
 * Answers flag calls: local evaluation first (when definitions are loaded), one `/flags` request for
 * what stays undecided, `$feature_flag_called` de-duplicated. No method throws or rejects.
 * @internal
 */
export class FeatureFlagsClient {
  private readonly loader: DefinitionsLoader;
  private readonly tracker: FlagCalledTracker;
  private readonly abort = new AbortController();
  private readonly api: FlagsApiConfig;
  private closed = false;

  constructor(private readonly config: FeatureFlagsClientConfig) {
    const { options, platform, logger } = config;
    this.tracker = new FlagCalledTracker(options.flagCalledCacheSize);
    this.api = {
      host: options.host,
      apiKey: options.apiKey,
      fetch: platform.fetch,
      scheduler: platform.scheduler,
      timeoutMs: options.featureFlagsRequestTimeoutMs,
      retries: options.featureFlagsRequestRetries,
      signal: this.abort.signal,
      logger,
      evaluationContexts: options.evaluationContexts,
    };
    this.loader = new DefinitionsLoader({
      host: options.host,
      apiKey: options.apiKey,
      secretKey: options.enableLocalEvaluation ? config.secretKey : undefined,
      evaluationContexts: options.evaluationContexts,
      fetch: platform.fetch,
      decodeUtf8: platform.decodeUtf8,
      scheduler: platform.scheduler,
      logger,
      pollingIntervalMs: options.featureFlagsPollingInterval,
      requestTimeoutMs: options.requestTimeout,
      maxBodyBytes: options.flagDefinitionsMaxBytes,
      initial: config.flagDefinitions,
      cache: config.cache,
      onLoaded: config.onDefinitionsLoaded,
      onError: config.onError,
    });
    if (!options.disabled) this.loader.start();
  }

  // ── single flags ──────────────────────────────────────────────────────────────────────────────

  getFeatureFlag(key: string, distinctId: string | undefined, options?: FlagCallOptions): Promise<FlagValue | undefined> {
    const value = this.flagValue(key, distinctId, options);
    return value instanceof Promise ? value : Promise.resolve(value);
  }

  /**
   * A flag's value as {@link getFeatureFlag} gives it, returned as it is when no I/O is needed. A
   * read that sends no `$feature_flag_called` and is decided locally builds no resolution at all:
   * only the value is computed. Never throws; `undefined` on an internal error (logged).
   */
  flagValue(key: string, distinctId: string | undefined, options: FlagCallOptions | undefined): FlagValue | undefined | Promise<FlagValue | undefined> {
    let send: boolean;
    try {
      send = this.sendsEvents(options);
      if (!send && distinctId !== undefined && !this.config.options.disabled && typeof key === 'string' && key !== '') {
        const set = this.loader.flags;
        // Not loaded yet: wait for the load as the full read does, with the subject read now.
        if (set === undefined) return this.valueOnceLoaded(key, this.subjectOf(distinctId, options), options);
        const value = set.evaluateValue(key, new CallSubject(distinctId, options), this.config.platform.scheduler.now());
        if (value !== UNDECIDED) return value;
        // Inconclusive or not defined here: the full read below logs why and asks /flags if allowed.
      }
    } catch (error) {
      return this.readFailed(key, error);
    }
    const read = this.readFlag(key, distinctId, options, false, send);
    return read instanceof Promise ? read.then((r) => r?.value) : read?.value;
  }

  /** Whether a read with these options sends `$feature_flag_called` (the option is read once per call). */
  private sendsEvents(options: FlagCallOptions | undefined): boolean {
    return readOption(options, 'sendFeatureFlagEvents') ?? this.config.options.sendFeatureFlagEvent;
  }

  /** {@link flagValue} of a read that came before the definitions: the value once they are loaded (or the load gave up). */
  private valueOnceLoaded(key: string, subject: FlagSubject, options: FlagCallOptions | undefined): Promise<FlagValue | undefined> {
    return this.definitions()
      .then((set) => {
        const value = set === undefined ? UNDECIDED : set.evaluateValue(key, subject, this.config.platform.scheduler.now());
        if (value !== UNDECIDED) return value;
        const resolved = this.resolveWith(key, subject, set, options, false);
        return resolved instanceof Promise ? resolved.then((r) => r.value) : resolved.value;
      })
      .catch((error: unknown) => this.readFailed(key, error));
  }

  isFeatureEnabled(key: string, distinctId: string | undefined, options?: IsFeatureEnabledOptions): Promise<boolean | undefined> {
    const enabled = (value: FlagValue | undefined): boolean | undefined => {
      if (value === undefined) return typeof options?.defaultValue === 'boolean' ? options.defaultValue : undefined;
      return value !== false;
    };
    const value = this.flagValue(key, distinctId, options);
    return value instanceof Promise ? value.then(enabled) : Promise.resolve(enabled(value));
  }

  async getFeatureFlagResult(key: string, distinctId: string | undefined, options?: FlagCallOptions): Promise<FeatureFlagResult | undefined> {
    const r = await this.readFlag(key, distinctId, options);
    if (r === undefined || r.value === undefined) return undefined;
    return {
      key,
      enabled: r.value !== false,
      variant: typeof r.value === 'string' ? r.value : undefined,
      payload: (r.payload ?? undefined) as JsonType | undefined,
      reason: r.reason?.description,
      reasonCode: r.reason?.code,
      locallyEvaluated: r.locallyEvaluated,
    };
  }

  async getFeatureFlagPayload(key: string, distinctId: string | undefined, matchValue?: FlagValue, options?: FlagCallOptions): Promise<JsonType | undefined> {
    try {
      if (matchValue !== undefined && matchValue !== null) {
        const flag = (await this.definitions())?.flag(key);
        if (flag !== undefined) {
          if (matchValue === false) return null;
          const raw = flag.payloads?.[matchValue === true ? 'true' : String(matchValue)];
          return raw === undefined || raw === null || raw === '' ? null : (parsePayload(raw) as JsonType);
        }
      }
      const r = await this.resolveOne(key, distinctId, options);
      return r.value === undefined ? undefined : ((r.payload ?? null) as JsonType);
    } catch (error) {
      this.config.logger.error(`getFeatureFlagPayload(${excerpt(key)}) failed: ${excerpt(error)}`);
      return undefined;
    }
  }

  /**
   * Resolves one flag and sends `$feature_flag_called` if due. `undefined` only on an internal error.
   * `withPayload` false: a locally decided payload is not parsed (the caller wants the value only).
   * `send`: whether the read sends the event, when the caller has already read it from the options.
   */
  private readFlag(
    key: string,
    distinctId: string | undefined,
    options: FlagCallOptions | undefined,
    withPayload = true,
    send?: boolean,
  ): Resolution | undefined | Promise<Resolution | undefined> {
    try {
      // Each option is read once: what the event reports now, the rest when evaluation first needs
      // it (CallSubject). Before the definitions are loaded the evaluation waits, so all is read now.
      const subject = distinctId === undefined ? undefined : this.loader.flags === undefined ? this.subjectOf(distinctId, options) : new CallSubject(distinctId, options);
      const reportFor = (send ?? this.sendsEvents(options)) && distinctId !== '' ? distinctId : undefined;
      const groups = reportFor === undefined ? undefined : subject?.groups;
      const disableGeoip = reportFor === undefined ? undefined : readOption(options, 'disableGeoip');
      const reported = (resolution: Resolution): Resolution | undefined => {
        try {
          if (reportFor !== undefined) this.reportRead(reportFor, resolution, groups ?? {}, disableGeoip);
          return resolution;
        } catch (error) {
          return this.readFailed(key, error);
        }
      };
      const resolved = this.resolveOne(key, distinctId, options, withPayload, subject);
      return resolved instanceof Promise ? resolved.then(reported, (error: unknown) => this.readFailed(key, error)) : reported(resolved);
    } catch (error) {
      return this.readFailed(key, error);
    }
  }

  private readFailed(key: string, error: unknown): undefined {
    this.config.logger.error(`flag ${excerpt(key)} failed: ${excerpt(error)}`);
    return undefined;
  }

  /**
   * Resolves one flag without sending `$feature_flag_called`, for integrations that report the read
   * themselves through {@link reportFlagCall}. `undefined` only on an internal error. @internal
   */
  async resolveUnreported(key: string, distinctId: string | undefined, options?: FlagCallOptions): Promise<Resolution | undefined> {
    try {
      return await this.resolveOne(key, distinctId, options);
    } catch (error) {
      this.config.logger.error(`flag ${key} failed: ${String(error)}`);
      return undefined;
    }
  }

  /** Sends `$feature_flag_called` for a resolution, de-duplicated as every flag read is. @internal */
  reportFlagCall(distinctId: string, resolution: Resolution, options?: FlagCallOptions): void {
    if (distinctId !== '') this.reportRead(distinctId, resolution, toStringGroups(options?.groups), options?.disableGeoip);
  }

  private reportRead(distinctId: string, resolution: Resolution, groups: Record<string, string>, disableGeoip: boolean | undefined): void {
    if (this.closed || !this.tracker.firstTime(distinctId, resolution.key, resolution.value, groups)) return;
    this.config.emit(distinctId, resolution, groups, disableGeoip);
  }

  // ── bulk ──────────────────────────────────────────────────────────────────────────────────────

  async getAllFlags(distinctId: string | undefined, options?: AllFlagsOptions): Promise<Record<string, FlagValue>> {
    try {
      // No id at all gets nothing; "" is an id the flags service accepts and evaluates (flag_request.rs).
      if (distinctId === undefined || this.config.options.disabled) return {};
      const set = this.loader.flags ?? (await this.definitions());
      if (set === undefined || set.size === 0) return valuesOf(await this.resolveAll(distinctId, options, false));
      // Values only: no reasons, payloads or per-flag records for what is decided locally.
      const subject = this.subjectOf(distinctId, options);
      const { values, undecided } = set.evaluateValues(subject, wantedKeys(options), this.config.platform.scheduler.now());
      if (undecided.length === 0 || this.onlyLocal(options) || this.closed) return values;
      const answer = await this.askForTheRest(subject, undecided, options);
      if (answer === undefined) return values;
      for (const [key, flag] of answer.flags) {
        const value = this.remoteResolution(flag, answer).value;
        if (value !== undefined) values[key] = value;
      }
      return values;
    } catch (error) {
      this.config.logger.error(`evaluating all flags failed: ${String(error)}`);
      return {};
    }
  }

  async getAllFlagsAndPayloads(distinctId: string | undefined, options?: AllFlagsOptions): Promise<FlagsAndPayloads> {
    const featureFlags: Record<string, FlagValue> = {};
    const featureFlagPayloads: Record<string, JsonType> = {};
    for (const r of await this.resolveAllSafe(distinctId, options)) {
      if (r.value === undefined) continue;
      featureFlags[r.key] = r.value;
      if (r.payload !== null && r.payload !== undefined) featureFlagPayloads[r.key] = r.payload as JsonType;
    }
    return { featureFlags, featureFlagPayloads };
  }

  async evaluateFlags(distinctId: string | undefined, options?: AllFlagsOptions): Promise<FeatureFlagEvaluations> {
    const resolutions = await this.resolveAllSafe(distinctId, options, true);
    const records = new Map(resolutions.map((r) => [r.key, r] as const));
    const groups = toStringGroups(options?.groups);
    const send = options?.sendFeatureFlagEvents ?? this.config.options.sendFeatureFlagEvent;
    return new FeatureFlagEvaluations(
      distinctId ?? '',
      records,
      {
        flagRead: (snapshot, r, sendThis) => {
          if (sendThis ?? send) this.reportRead(snapshot.distinctId, r, groups, options?.disableGeoip);
        },
        warn: (m) => {
          if (this.config.options.featureFlagsLogWarnings) this.config.logger.warn(m);
        },
      },
      groups,
      options?.disableGeoip,
      true,
      await this.unresolvedOf(distinctId, records, options),
    );
  }

  /**
   * The requested flags a local-only evaluation left without a value, with posthog-node's reason
   * (read from the local evaluator's explanation).
   */
  private async unresolvedOf(distinctId: string | undefined, records: Map<string, Resolution>, options: AllFlagsOptions | undefined): Promise<Record<string, UnresolvedFlagReason>> {
    const unresolved: Record<string, UnresolvedFlagReason> = {};
    if (!this.onlyLocal(options) || distinctId === undefined) return unresolved;
    const set = this.loader.flags;
    if (set === undefined) return unresolved;
    const subject = this.subjectOf(distinctId, options);
    for (const key of wantedKeys(options) ?? set.keys) {
      if (records.has(key) || !set.has(key)) continue;
      const outcome = set.evaluate(key, subject, this.config.platform.scheduler.now());
      if (outcome.kind === 'inconclusive') unresolved[key] = unresolvedReason(outcome.reason.description);
    }
    return unresolved;
  }

  private async resolveAllSafe(distinctId: string | undefined, options: AllFlagsOptions | undefined, localWins = false): Promise<Resolution[]> {
    try {
      return await this.resolveAll(distinctId, options, localWins);
    } catch (error) {
      this.config.logger.error(`evaluating all flags failed: ${String(error)}`);
      return [];
    }
  }

  // ── loading ───────────────────────────────────────────────────────────────────────────────────

  reloadFeatureFlags(): Promise<void> {
    if (this.config.options.personalApiKey === undefined && this.config.cache === undefined) {
      this.config.logger.warn('reloadFeatureFlags() needs a personalApiKey (or a flag definitions cache)');
      return Promise.resolve();
    }
    return this.loader.reload();
  }

  waitForLocalEvaluationReady(timeoutMs: number = DEFAULT_READY_TIMEOUT_MS): Promise<boolean> {
    return this.loader.waitUntilReady(timeoutMs);
  }

  isLocalEvaluationReady(): boolean {
    return (this.loader.flags?.size ?? 0) > 0;
  }

  /** Where the definitions loader stands. @internal */
  get definitionsState(): DefinitionsState {
    return this.config.options.disabled ? 'inactive' : this.loader.state;
  }

  /** Calls `listener` on definitions events; returns the unsubscribe. @internal */
  watchDefinitions(listener: DefinitionsListener): () => void {
    return this.loader.watch(listener);
  }

  /** Stops polling, aborts requests in flight and forgets the `$feature_flag_called` cache. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    this.tracker.clear();
    await this.loader.stop();
  }

  // ── resolution ────────────────────────────────────────────────────────────────────────────────

  /**
   * The definitions, waiting for a load under way when none are loaded yet — at most the flag
   * timeout the user set; the load itself goes on in the background.
   */
  private async definitions(): Promise<CompiledFlagSet | undefined> {
    if (this.loader.flags === undefined && !this.closed) {
      this.loader.loadIfMissing();
      await this.loader.settleLoadInFlight(this.config.options.featureFlagsRequestTimeoutMs);
    }
    return this.loader.flags;
  }

  private subjectOf(distinctId: string, options: FlagCallOptions | undefined): FlagSubject {
    const subject: FlagSubject = {
      distinctId,
      groups: toStringGroups(readOption(options, 'groups')),
      personProperties: objectOr(readOption(options, 'personProperties')),
      groupProperties: objectOr(readOption(options, 'groupProperties')),
    };
    const deviceId = readOption(options, 'deviceId');
    if (typeof deviceId === 'string') subject.deviceId = deviceId;
    return subject;
  }

  private onlyLocal(options: FlagCallOptions | undefined): boolean {
    return readOption(options, 'onlyEvaluateLocally') ?? this.config.options.strictLocalEvaluation;
  }

  /**
   * One flag's resolution: returned as it is when no I/O is needed (definitions loaded and the flag
   * decided locally, or nothing to ask), so a local read costs no promise hops; a promise otherwise.
   * `given` is the subject when the caller has already read it from the options. May throw
   * synchronously: callers wrap it.
   */
  private resolveOne(key: string, distinctId: string | undefined, options: FlagCallOptions | undefined, withPayload = true, given?: FlagSubject): Resolution | Promise<Resolution> {
    if (typeof key !== 'string' || key === '') return noValue(String(key), ['flag_missing']);
    if (distinctId === undefined || this.config.options.disabled) return noValue(key, []);
    const subject = given ?? this.subjectOf(distinctId, options);
    const set = this.loader.flags;
    if (set === undefined) return this.definitions().then((loaded) => this.resolveWith(key, subject, loaded, options, withPayload));
    return this.resolveWith(key, subject, set, options, withPayload);
  }

  private resolveWith(key: string, subject: FlagSubject, set: CompiledFlagSet | undefined, options: FlagCallOptions | undefined, withPayload: boolean): Resolution | Promise<Resolution> {
    let localError = 'flag_missing';
    if (set?.has(key)) {
      const outcome = set.evaluate(key, subject, this.config.platform.scheduler.now(), withPayload);
      if (outcome.kind === 'decided') return this.fromLocal(outcome, set);
      localError = 'local_evaluation_inconclusive';
      if (outcome.kind === 'inconclusive') this.config.logger.debug(`flag ${excerpt(key)}: ${excerpt(outcome.reason.description)}`);
    }
    if (this.onlyLocal(options) || this.closed) return noValue(key, [localError]);
    return requestFlags(this.api, { subject, flagKeys: [key], disableGeoip: this.geoip(options) }).then((answer) => {
      if (!answer.ok) this.reportRemoteFailure(answer.error);
      return this.fromRemote(key, answer);
    });
  }

  private async resolveAll(distinctId: string | undefined, options: AllFlagsOptions | undefined, localWins: boolean): Promise<Resolution[]> {
    if (distinctId === undefined || this.config.options.disabled) return [];
    const subject = this.subjectOf(distinctId, options);
    const set = this.loader.flags ?? (await this.definitions());
    const wanted = wantedKeys(options);
    const results = new Map<string, Resolution>();
    const remaining: string[] = [];
    if (set !== undefined && set.size > 0) {
      const keys = wanted ?? set.keys;
      const local = set.evaluateAll(subject, wanted, this.config.platform.scheduler.now());
      local.forEach((outcome: FlagOutcome, i) => {
        if (outcome.kind === 'decided') results.set(outcome.key, this.fromLocal(outcome, set));
        else remaining.push(keys[i]);
      });
    }
    const askAll = set === undefined || set.size === 0;
    // evaluateFlags (spec evaluate-flags): a requested key with no local definition sends the whole
    // requested scope, locally decided keys included (local values still win below).
    const scopeIncomplete = localWins && wanted !== undefined && set !== undefined && wanted.some((key) => !set.has(key));
    if (!this.onlyLocal(options) && !this.closed && (askAll || remaining.length > 0)) {
      const answer = await this.askForTheRest(subject, askAll || scopeIncomplete ? wanted : remaining, options);
      if (answer !== undefined) {
        for (const [key, flag] of answer.flags) if (!(localWins && results.has(key))) results.set(key, this.remoteResolution(flag, answer));
      }
    }
    return [...results.values()];
  }

  /** One `/flags` request for the flags not decided locally (all when `flagKeys` is undefined); a failure is logged. */
  private async askForTheRest(subject: FlagSubject, flagKeys: string[] | undefined, options: FlagCallOptions | undefined): Promise<RemoteFlags | undefined> {
    const answer = await requestFlags(this.api, { subject, flagKeys, disableGeoip: this.geoip(options) });
    if (answer.ok) return answer;
    this.config.logger.warn(`/flags request failed (${answer.error}); returning the flags decided locally`);
    this.reportRemoteFailure(answer.error);
    return undefined;
  }

  /** A failed `/flags` request, for `on('error')` listeners. */
  private reportRemoteFailure(error: string): void {
    try {
      this.config.onError?.(new Error(`/flags request failed: ${error}`));
    } catch {
      // A listener's failure is its own.
    }
  }

  /** Where a flag is meant to be evaluated, from its definition: `client`, `server` or `all` (absent or unknown). */
  evaluationRuntime(key: string): FeatureFlagEvaluationRuntime | undefined {
    const definition = this.loader.flags?.definition(key);
    return definition === undefined ? undefined : normalizeRuntime(definition.evaluation_runtime);
  }

  /** Keys of the defined flags meant for `runtime` (`all` matches every runtime, both ways). */
  keysForEvaluationRuntime(runtime: FeatureFlagEvaluationRuntime): string[] {
    const set = this.loader.flags;
    if (set === undefined) return [];
    return set.keys.filter((key) => {
      const own = normalizeRuntime(set.definition(key)?.evaluation_runtime);
      return own === runtime || own === 'all' || runtime === 'all';
    });
  }

  private geoip(options: FlagCallOptions | undefined): boolean {
    return options?.disableGeoip ?? this.config.options.disableGeoip;
  }

  private fromLocal(decision: FlagDecision, set: CompiledFlagSet): Resolution {
    return {
      key: decision.key,
      value: decision.value,
      payload: decision.payload,
      reason: decision.reason,
      locallyEvaluated: true,
      id: decision.id,
      hasExperiment: decision.hasExperiment,
      evaluatedAt: decision.evaluatedAt,
      definitionsLoadedAt: set.loadedAt,
      minimalEvents: set.minimalFlagCalledEvents,
      errors: [],
    };
  }

  private fromRemote(key: string, answer: RemoteFlags | RemoteFlagsFailure): Resolution {
    // As posthog-node: any failed request is `unknown_error` on the event (the cause is logged).
    if (!answer.ok) return noValue(key, ['unknown_error']);
    const flag = answer.flags.get(key);
    if (flag === undefined) {
      const errors = answer.quotaLimited ? ['quota_limited', 'flag_missing'] : ['flag_missing'];
      if (answer.errorsWhileComputingFlags) errors.unshift('errors_while_computing_flags');
      return { ...noValue(key, errors), requestId: answer.requestId, evaluatedAt: answer.evaluatedAt };
    }
    return this.remoteResolution(flag, answer);
  }

  private remoteResolution(flag: RemoteFlag, answer: RemoteFlags): Resolution {
    const errors: string[] = [];
    if (answer.errorsWhileComputingFlags) errors.push('errors_while_computing_flags');
    if (flag.value === undefined) errors.push('evaluation_failed');
    return {
      key: flag.key,
      value: flag.value,
      payload: flag.payload,
      reason: flag.reason,
      locallyEvaluated: false,
      id: flag.id,
      version: flag.version,
      hasExperiment: flag.hasExperiment,
      requestId: answer.requestId,
      evaluatedAt: answer.evaluatedAt,
      minimalEvents: answer.minimalFlagCalledEvents,
      errors,
    };
  }
}
