import type { FlagCallOptions } from '../flags/feature-flags-client.js';

/** Object form of a single-flag call, as posthog-go's `FeatureFlagPayload`. */
export interface FlagRequest extends FlagCallOptions {
  /** Flag key. */
  key: string;
  /** The user to evaluate for. */
  distinctId: string;
  /** Returned by `isFeatureEnabled` when the flag has no value. */
  defaultValue?: boolean;
}

/** Object form of a bulk call, as posthog-go's `FeatureFlagPayloadNoKey`. */
export interface FlagKeyRequest extends FlagCallOptions {
  distinctId: string;
  /** Only evaluate these flags. */
  flagKeys?: string[];
}

/** Accepts `(key, distinctId, options)` or `({ key, distinctId, ...options })`. @internal */
export function readFlagArgs<O extends FlagCallOptions>(
  a: string | (FlagRequest & O),
  b: string | undefined,
  c: O | undefined,
): { key: string; distinctId: string; options: O | undefined } {
  if (typeof a === 'object' && a !== null) return { key: a.key, distinctId: a.distinctId, options: a };
  return { key: a, distinctId: b as string, options: c };
}
