import { ErrorCode, type FlagMetadata, type FlagValueType, type ResolutionDetails, StandardResolutionReasons } from '@openfeature/server-sdk';
import type { Resolution } from '../../flags/resolution.js';

/**
 * posthog-ts reason codes (local evaluation) and PostHog's `/flags` reason codes → OpenFeature reasons.
 * A code not listed here (a remote answer without a reason, a code PostHog adds later) is `UNKNOWN`.
 */
const REASONS: Readonly<Record<string, string>> = {
  condition_match: StandardResolutionReasons.TARGETING_MATCH,
  super_condition_value: StandardResolutionReasons.TARGETING_MATCH,
  out_of_rollout: StandardResolutionReasons.SPLIT,
  out_of_rollout_bound: StandardResolutionReasons.SPLIT,
  holdout: StandardResolutionReasons.SPLIT,
  holdout_condition_value: StandardResolutionReasons.SPLIT,
  no_condition_match: StandardResolutionReasons.DEFAULT,
  no_group_type: StandardResolutionReasons.DEFAULT,
  disabled: StandardResolutionReasons.DISABLED,
  flag_disabled: StandardResolutionReasons.DISABLED,
};

/** The OpenFeature reason for a posthog-ts reason code. @internal */
export function openFeatureReason(code: string | undefined): string {
  return (code !== undefined && REASONS[code]) || StandardResolutionReasons.UNKNOWN;
}

/** What PostHog knows about the evaluation, as OpenFeature flag metadata (only what is known). */
function metadataOf(r: Resolution): FlagMetadata {
  const metadata: FlagMetadata = { locallyEvaluated: r.locallyEvaluated };
  if (r.reason !== undefined) {
    metadata.reasonCode = r.reason.code;
    metadata.reasonDescription = r.reason.description;
  }
  if (r.id !== undefined) metadata.flagId = r.id;
  if (r.version !== undefined) metadata.flagVersion = r.version;
  if (r.requestId !== undefined) metadata.requestId = r.requestId;
  return metadata;
}

function failed<T>(defaultValue: T, errorCode: ErrorCode, errorMessage: string, flagMetadata: FlagMetadata): ResolutionDetails<T> {
  return { value: defaultValue, reason: StandardResolutionReasons.ERROR, errorCode, errorMessage, flagMetadata };
}

/** A flag without a value: unknown to PostHog, or PostHog could not be asked. */
function noValue<T>(r: Resolution, defaultValue: T, flagMetadata: FlagMetadata): ResolutionDetails<T> {
  if (r.errors.includes('flag_missing')) return failed(defaultValue, ErrorCode.FLAG_NOT_FOUND, `flag "${r.key}" is not defined in PostHog`, flagMetadata);
  // No errors: the client is disabled, so every flag answers its default.
  if (r.errors.length === 0) return { value: defaultValue, reason: StandardResolutionReasons.DEFAULT, flagMetadata };
  return failed(defaultValue, ErrorCode.GENERAL, `flag "${r.key}" could not be evaluated (${r.errors.join(', ')})`, flagMetadata);
}

/** The payload as the requested type: `undefined` when the value has no payload, `null` when it is another type. */
function payloadAs(type: 'number' | 'object', payload: unknown): unknown {
  if (payload === undefined || payload === null) return undefined;
  if (type === 'number') return typeof payload === 'number' ? payload : null;
  return typeof payload === 'object' ? payload : null;
}

/**
 * A posthog-ts resolution as OpenFeature resolution details of the requested type. Booleans read the
 * flag's state (a variant means on); strings read the variant key; numbers and objects read the
 * payload of the value. An "off" flag answers the default with the reason it is off; a value of the
 * wrong kind is `TYPE_MISMATCH`.
 * @internal
 */
export function resolutionDetails<T>(type: FlagValueType, defaultValue: T, r: Resolution): ResolutionDetails<T> {
  const flagMetadata = metadataOf(r);
  const value = r.value;
  if (value === undefined) return noValue(r, defaultValue, flagMetadata);
  const reason = openFeatureReason(r.reason?.code);
  const variant = typeof value === 'string' ? value : undefined;
  const details = (resolved: unknown, why = reason): ResolutionDetails<T> =>
    variant === undefined ? { value: resolved as T, reason: why, flagMetadata } : { value: resolved as T, variant, reason: why, flagMetadata };
  if (type === 'boolean') return details(value !== false);
  // Off: no variant and no payload, so the caller's default stands, for the reason the flag is off.
  if (value === false) return { value: defaultValue, reason, flagMetadata };
  if (type === 'string') {
    if (variant !== undefined) return details(variant);
    return failed(defaultValue, ErrorCode.TYPE_MISMATCH, `flag "${r.key}" is a boolean flag, not a multivariate one: read it as a boolean`, flagMetadata);
  }
  const payload = payloadAs(type, r.payload);
  if (payload === undefined) return details(defaultValue, StandardResolutionReasons.DEFAULT);
  if (payload === null) return failed(defaultValue, ErrorCode.TYPE_MISMATCH, `the payload of flag "${r.key}" is not ${type === 'number' ? 'a number' : 'a JSON object or array'}`, flagMetadata);
  return details(payload);
}
