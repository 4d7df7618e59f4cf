import type { JsonType } from '../base/json.js';
import type { FlagValue } from '../flags/flag-source.js';
import type {
  AllFlagsOptions,
  FeatureFlagEvaluationRuntime,
  FeatureFlagEvaluations,
  FeatureFlagResult,
  FlagCallOptions,
  FlagsAndPayloads,
  IsFeatureEnabledOptions,
} from '../flags/feature-flags-client.js';
import { FlagValueOverrides, type OverrideFeatureFlagsOptions } from '../flags/flag-value-overrides.js';
import { requestRemoteConfigPayload } from '../flags/remote/remote-config.js';
import { FeatureFlagApi } from './flag-api.js';
import { type FlagKeyRequest, type FlagRequest, readBulkArgs, readFlagArgs } from './flag-call-args.js';

/** The answer of a single-flag read that failed. */
const noValue = (): undefined => undefined;

/**
 * Flag reads. Each takes posthog-node's positional forms — `(key, distinctId, options)` and
 * `(key, options)` — and posthog-go's object form `({ key, distinctId, … })`. Without a distinct id
 * the request context's is used; outside a request context a call without one has no value
 * (`undefined`, `{}` for the bulk calls), makes no request and sends no event. None throws.
 */
export class FlagReadApi extends FeatureFlagApi {
  private readonly valueOverrides = new FlagValueOverrides();

  /**
   * Whether a flag is on for a user: `true` / `false`, `defaultValue` when it has no value, or
   * `undefined`. Never throws.
   * @example if (await posthog.isFeatureEnabled('new-checkout', 'user-1')) { … }
   */
  isFeatureEnabled(key: string, distinctId?: string, options?: IsFeatureEnabledOptions): Promise<boolean | undefined>;
  isFeatureEnabled(key: string, options?: IsFeatureEnabledOptions): Promise<boolean | undefined>;
  isFeatureEnabled(request: FlagRequest & IsFeatureEnabledOptions): Promise<boolean | undefined>;
  isFeatureEnabled(a: string | (FlagRequest & IsFeatureEnabledOptions), b?: string | IsFeatureEnabledOptions, c?: IsFeatureEnabledOptions): Promise<boolean | undefined> {
    return this.guarded('isFeatureEnabled', noValue, () => {
      const { key, distinctId, options } = readFlagArgs(a, b, c);
      const forced = this.valueOverrides.flag(key);
      if (forced !== undefined) return forced.value === undefined ? options?.defaultValue : forced.value !== false;
      return this.flags.isFeatureEnabled(key, this.identity(distinctId), this.withStored(options));
    });
  }

  /**
   * A flag's value: `true` / `false`, the variant key, or `undefined` when it has none. Never throws.
   * @example const variant = await posthog.getFeatureFlag('pricing-test', 'user-1')
   */
  getFeatureFlag(key: string, distinctId?: string, options?: FlagCallOptions): Promise<FlagValue | undefined>;
  getFeatureFlag(key: string, options?: FlagCallOptions): Promise<FlagValue | undefined>;
  getFeatureFlag(request: FlagRequest): Promise<FlagValue | undefined>;
  getFeatureFlag(a: string | FlagRequest, b?: string | FlagCallOptions, c?: FlagCallOptions): Promise<FlagValue | undefined> {
    return this.guarded('getFeatureFlag', noValue, () => {
      const { key, distinctId, options } = readFlagArgs(a, b, c);
      const forced = this.valueOverrides.flag(key);
      if (forced !== undefined) return forced.value;
      return this.flags.flagValue(key, this.identity(distinctId), this.withStored(options));
    });
  }

  /**
   * The payload of a flag's value (`null` when the value has none; `matchValue` asks for the payload
   * of that value instead). Never emits `$feature_flag_called`.
   * @example const config = await posthog.getFeatureFlagPayload('checkout-config', 'user-1')
   */
  getFeatureFlagPayload(key: string, distinctId?: string, matchValue?: FlagValue, options?: FlagCallOptions): Promise<JsonType | undefined>;
  getFeatureFlagPayload(request: FlagRequest & { matchValue?: FlagValue }): Promise<JsonType | undefined>;
  getFeatureFlagPayload(a: string | (FlagRequest & { matchValue?: FlagValue }), b?: string, matchValue?: FlagValue, c?: FlagCallOptions): Promise<JsonType | undefined> {
    return this.guarded('getFeatureFlagPayload', () => undefined, async () => {
      const { key, distinctId, options } = readFlagArgs(a, b, c);
      const forcedPayload = this.valueOverrides.payload(key);
      if (forcedPayload !== undefined) return forcedPayload.payload;
      const match = typeof a === 'object' && a !== null ? a.matchValue : matchValue;
      return this.flags.getFeatureFlagPayload(key, this.identity(distinctId), match, this.withStored(options));
    });
  }

  /**
   * Value, payload and a readable reason of a flag, or `undefined`. Never throws.
   * @example const result = await posthog.getFeatureFlagResult('pricing-test', 'user-1')
   */
  getFeatureFlagResult(key: string, distinctId?: string, options?: FlagCallOptions): Promise<FeatureFlagResult | undefined>;
  getFeatureFlagResult(key: string, options?: FlagCallOptions): Promise<FeatureFlagResult | undefined>;
  getFeatureFlagResult(request: FlagRequest): Promise<FeatureFlagResult | undefined>;
  getFeatureFlagResult(a: string | FlagRequest, b?: string | FlagCallOptions, c?: FlagCallOptions): Promise<FeatureFlagResult | undefined> {
    return this.guarded('getFeatureFlagResult', () => undefined, async () => {
      const { key, distinctId, options } = readFlagArgs(a, b, c);
      const forced = this.valueOverrides.flag(key);
      const forcedPayload = this.valueOverrides.payload(key);
      if (forced !== undefined) {
        const value = forced.value;
        return value === undefined ? undefined : { key, enabled: value !== false, variant: typeof value === 'string' ? value : undefined, payload: forcedPayload?.payload, locallyEvaluated: true };
      }
      const r = await this.flags.getFeatureFlagResult(key, this.identity(distinctId), this.withStored(options));
      return forcedPayload === undefined || r === undefined ? r : { ...r, payload: forcedPayload.payload };
    });
  }

  /**
   * Every flag's value for a user (`{}` when nothing is known). Never emits `$feature_flag_called`.
   * @example const flags = await posthog.getAllFlags('user-1', { groups: { company: 'acme' } })
   */
  getAllFlags(distinctId?: string, options?: AllFlagsOptions): Promise<Record<string, FlagValue>>;
  getAllFlags(request?: FlagKeyRequest): Promise<Record<string, FlagValue>>;
  getAllFlags(a?: string | FlagKeyRequest, b?: AllFlagsOptions): Promise<Record<string, FlagValue>> {
    return this.guarded('getAllFlags', () => ({}), () => {
      const { distinctId, options } = readBulkArgs<FlagKeyRequest>(a, b);
      return this.allFlags(distinctId, options);
    });
  }

  /** {@link getAllFlags} with the value overrides applied (also what `sendFeatureFlags` attaches). @internal */
  protected allFlags(distinctId: string | undefined, options: AllFlagsOptions | undefined): Promise<Record<string, FlagValue>> {
    const values = this.flags.getAllFlags(this.identity(distinctId), this.withStored(options));
    return this.valueOverrides.active ? values.then((v) => this.valueOverrides.applyToValues(v)) : values;
  }

  /**
   * Every flag's value and payload for a user.
   * @example const { featureFlags, featureFlagPayloads } = await posthog.getAllFlagsAndPayloads('user-1')
   */
  getAllFlagsAndPayloads(distinctId?: string, options?: AllFlagsOptions): Promise<FlagsAndPayloads>;
  getAllFlagsAndPayloads(request?: FlagKeyRequest): Promise<FlagsAndPayloads>;
  getAllFlagsAndPayloads(a?: string | FlagKeyRequest, b?: AllFlagsOptions): Promise<FlagsAndPayloads> {
    return this.guarded('getAllFlagsAndPayloads', () => ({ featureFlags: {}, featureFlagPayloads: {} }), async () => {
      const { distinctId, options } = readBulkArgs<FlagKeyRequest>(a, b);
      const both = await this.flags.getAllFlagsAndPayloads(this.identity(distinctId), this.withStored(options));
      const o = this.valueOverrides;
      return o.active ? { featureFlags: o.applyToValues(both.featureFlags), featureFlagPayloads: o.applyToPayloads(both.featureFlagPayloads) } : both;
    });
  }

  /**
   * Evaluates flags once (at most one request) and returns an immutable snapshot to read from;
   * `$feature_flag_called` is sent lazily when a flag is read.
   * @example const flags = await posthog.evaluateFlags('user-1'); if (flags.isEnabled('beta')) { … }
   */
  evaluateFlags(distinctId?: string, options?: AllFlagsOptions): Promise<FeatureFlagEvaluations>;
  evaluateFlags(options?: AllFlagsOptions): Promise<FeatureFlagEvaluations>;
  evaluateFlags(a?: string | AllFlagsOptions, b?: AllFlagsOptions): Promise<FeatureFlagEvaluations> {
    // The fallback is the empty snapshot: no distinct id, nothing evaluated, nothing requested.
    return this.guarded('evaluateFlags', () => this.flags.evaluateFlags(undefined), async () => {
      const { distinctId, options } = readBulkArgs<FlagKeyRequest>(a, b);
      const snapshot = await this.flags.evaluateFlags(this.identity(distinctId), this.withStored(options));
      return this.valueOverrides.active ? snapshot._withOverrides(this.valueOverrides) : snapshot;
    });
  }

  /**
   * Forces flag values (and payloads) locally, for tests and development, as posthog-node: `false`
   * clears every override; `['a', 'b']` turns those flags on; `{ flag: 'variant' }` sets values;
   * `{ flags, payloads }` sets (or, with `false`, clears) each part. An overridden flag reads as
   * forced whatever evaluation says, and sends no `$feature_flag_called`.
   * @example posthog.overrideFeatureFlags({ flags: { 'new-checkout': true }, payloads: { 'new-checkout': { discount: 20 } } })
   */
  overrideFeatureFlags(overrides: OverrideFeatureFlagsOptions): void {
    this.valueOverrides.set(overrides);
  }

  /**
   * The decrypted remote config payload of a flag (posthog-node's `getRemoteConfigPayload`): one
   * request to PostHog's remote config endpoint with the personal API key (the only endpoint besides
   * flag definitions that receives it). `undefined` without a personal API key (with an error log;
   * posthog-node throws), when the client is disabled, or when the request fails (reported to
   * `on('error')`). Never rejects.
   * @example const config = await posthog.getRemoteConfigPayload('my-remote-config')
   */
  getRemoteConfigPayload(flagKey: string): Promise<JsonType | undefined> {
    const { options, logger, platform } = this.state.core;
    if (options.disabled) return this.hold(Promise.resolve(undefined));
    const secretKey = this.state.core.secretKey;
    if (secretKey === undefined) {
      logger.error('getRemoteConfigPayload needs a personalApiKey (or secretKey)');
      return this.hold(Promise.resolve(undefined));
    }
    const request = { host: options.host, apiKey: options.apiKey, secretKey: secretKey.reveal(), fetch: platform.fetch, timeoutMs: options.requestTimeout, signal: new AbortController().signal };
    const answer = requestRemoteConfigPayload(request, String(flagKey)).then((result) => {
      if (result.ok) return result.payload;
      logger.warn(`remote config of ${String(flagKey)} could not be loaded: ${result.error}`);
      this.state.events.emit('error', () => new Error(`remote config of ${String(flagKey)} could not be loaded: ${result.error}`));
      return undefined;
    });
    return this.hold(answer);
  }

  /** Where a flag is meant to be evaluated (`client`, `server` or `all`), from loaded definitions; `undefined` for an unknown flag. */
  getFeatureFlagEvaluationRuntime(key: string): FeatureFlagEvaluationRuntime | undefined {
    return this.flags.evaluationRuntime(key);
  }

  /** Keys of the loaded flags meant for a runtime (`all` matches every runtime). */
  getFeatureFlagKeysByEvaluationRuntime(evaluationRuntime: FeatureFlagEvaluationRuntime): string[] {
    return this.flags.keysForEvaluationRuntime(evaluationRuntime);
  }
}
