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
import { type FlagKeyRequest, type FlagRequest, readFlagArgs } from './flag-call-args.js';

/**
 * The feature-flag half of the public client: each method accepts posthog-node's positional form
 * and posthog-go's object form, and hands off to the flags client. None of them throws.
 */
export class FeatureFlagApi {
  /** @internal */
  constructor(
    protected readonly flags: FeatureFlagsClient,
    private readonly contexts: ContextStore,
  ) {}

  /** An explicit id wins; otherwise the request context's; otherwise none (no request is made). */
  private identity(distinctId: string | undefined): string {
    if (typeof distinctId === 'string' && distinctId.trim() !== '') return distinctId;
    return this.contexts.current()?.distinctId ?? '';
  }


  /**
   * Whether a flag is on for a user: `true` / `false`, `defaultValue` when it has no value, or
   * `undefined`. Never throws. Also takes one object, posthog-go style: `{ key, distinctId, … }`.
   */
  isFeatureEnabled(key: string, distinctId: string, options?: IsFeatureEnabledOptions): Promise<boolean | undefined>;
  isFeatureEnabled(request: FlagRequest & IsFeatureEnabledOptions): Promise<boolean | undefined>;
  isFeatureEnabled(a: string | (FlagRequest & IsFeatureEnabledOptions), b?: string, c?: IsFeatureEnabledOptions): Promise<boolean | undefined> {
    const { key, distinctId, options } = readFlagArgs(a, b, c);
    return this.flags.isFeatureEnabled(key, this.identity(distinctId), options);
  }

  /** A flag's value: `true` / `false`, the variant key, or `undefined` when it has none. Never throws. */
  getFeatureFlag(key: string, distinctId: string, options?: FlagCallOptions): Promise<FlagValue | undefined>;
  getFeatureFlag(request: FlagRequest): Promise<FlagValue | undefined>;
  getFeatureFlag(a: string | FlagRequest, b?: string, c?: FlagCallOptions): Promise<FlagValue | undefined> {
    const { key, distinctId, options } = readFlagArgs(a, b, c);
    return this.flags.getFeatureFlag(key, this.identity(distinctId), options);
  }

  /** The payload of a flag's value (`null` when the value has none). Never emits `$feature_flag_called`. */
  getFeatureFlagPayload(key: string, distinctId: string, matchValue?: FlagValue, options?: FlagCallOptions): Promise<unknown>;
  getFeatureFlagPayload(request: FlagRequest & { matchValue?: FlagValue }): Promise<unknown>;
  getFeatureFlagPayload(a: string | (FlagRequest & { matchValue?: FlagValue }), b?: string, matchValue?: FlagValue, c?: FlagCallOptions): Promise<unknown> {
    const { key, distinctId, options } = readFlagArgs(a, b, c);
    const match = typeof a === 'object' && a !== null ? a.matchValue : matchValue;
    return this.flags.getFeatureFlagPayload(key, this.identity(distinctId), match, options);
  }

  /** Value, payload and a readable reason of a flag, or `undefined`. Never throws. */
  getFeatureFlagResult(key: string, distinctId: string, options?: FlagCallOptions): Promise<FeatureFlagResult | undefined>;
  getFeatureFlagResult(request: FlagRequest): Promise<FeatureFlagResult | undefined>;
  getFeatureFlagResult(a: string | FlagRequest, b?: string, c?: FlagCallOptions): Promise<FeatureFlagResult | undefined> {
    const { key, distinctId, options } = readFlagArgs(a, b, c);
    return this.flags.getFeatureFlagResult(key, this.identity(distinctId), options);
  }

  /** Every flag's value for a user (`{}` when nothing is known). Never emits `$feature_flag_called`. */
  getAllFlags(distinctId: string, options?: AllFlagsOptions): Promise<Record<string, FlagValue>>;
  getAllFlags(request: FlagKeyRequest): Promise<Record<string, FlagValue>>;
  getAllFlags(a: string | FlagKeyRequest, b?: AllFlagsOptions): Promise<Record<string, FlagValue>> {
    const { distinctId, options } = typeof a === 'object' && a !== null ? { distinctId: a.distinctId, options: a } : { distinctId: a, options: b };
    return this.flags.getAllFlags(this.identity(distinctId), options);
  }

  /** Every flag's value and payload for a user. */
  getAllFlagsAndPayloads(distinctId: string, options?: AllFlagsOptions): Promise<FlagsAndPayloads>;
  getAllFlagsAndPayloads(request: FlagKeyRequest): Promise<FlagsAndPayloads>;
  getAllFlagsAndPayloads(a: string | FlagKeyRequest, b?: AllFlagsOptions): Promise<FlagsAndPayloads> {
    const { distinctId, options } = typeof a === 'object' && a !== null ? { distinctId: a.distinctId, options: a } : { distinctId: a, options: b };
    return this.flags.getAllFlagsAndPayloads(this.identity(distinctId), options);
  }

  /**
   * Evaluates flags once (at most one request) and returns an immutable snapshot to read from;
   * `$feature_flag_called` is sent lazily when a flag is read.
   */
  evaluateFlags(distinctId: string, options?: AllFlagsOptions): Promise<FeatureFlagEvaluations> {
    return this.flags.evaluateFlags(this.identity(distinctId), options);
  }

  /** Loads flag definitions now (local evaluation). Resolves when done; never rejects. */
  reloadFeatureFlags(): Promise<void> {
    return this.flags.reloadFeatureFlags();
  }

  /** Resolves `true` once definitions are loaded, `false` after `timeoutMs`. @default timeoutMs 30000 */
  waitForLocalEvaluationReady(timeoutMs?: number): Promise<boolean> {
    return this.flags.waitForLocalEvaluationReady(timeoutMs);
  }

  /** Whether definitions are loaded and flags can be evaluated locally. */
  isLocalEvaluationReady(): boolean {
    return this.flags.isLocalEvaluationReady();
  }
}
