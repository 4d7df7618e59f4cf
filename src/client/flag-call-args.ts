import type { FlagCallOptions } from '../flags/feature-flags-client.js';

/** Object form of a single-flag call, as posthog-go's `FeatureFlagPayload`. */
export interface FlagRequest extends FlagCallOptions {
  /** Flag key. */
  key: string;
  /** The user to evaluate for; inside a request context, the context's when left out. */
  distinctId?: string;
  /** Returned by `isFeatureEnabled` when the flag has no value. */
  defaultValue?: boolean;
}

/** Object form of a bulk call, as posthog-go's `FeatureFlagPayloadNoKey` (and posthog-node's options-only form). */
export interface FlagKeyRequest extends FlagCallOptions {
  /** The user to evaluate for; inside a request context, the context's when left out. */
  distinctId?: string;
  /** Only evaluate these flags. */
  flagKeys?: string[];
}

/**
 * Accepts `(key, distinctId, options)`, posthog-node's `(key, options)` (the distinct id then comes
 * from the request context) and `({ key, distinctId, ...options })`. @internal
 */
export function readFlagArgs<O extends FlagCallOptions>(
  a: string | (FlagRequest & O),
  b: string | O | undefined,
  c: O | undefined,
): { key: string; distinctId: string | undefined; options: O | undefined } {
  if (typeof a === 'object' && a !== null) return { key: a.key, distinctId: a.distinctId, options: a };
  if (typeof b === 'object' && b !== null) return { key: a, distinctId: undefined, options: b };
  return { key: a, distinctId: b, options: c };
}

/** Accepts `(distinctId, options)`, `(options)` and `({ distinctId, ...options })` for the bulk calls. @internal */
export function readBulkArgs<O extends FlagKeyRequest>(a: string | O | undefined, b: O | undefined): { distinctId: string | undefined; options: O | undefined } {
  if (typeof a === 'object' && a !== null) return { distinctId: a.distinctId, options: a };
  return { distinctId: a, options: b };
}
