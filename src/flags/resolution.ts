import type { FlagMetadata, FlagReason, FlagValue } from './flag-source.js';

/**
 * Everything known about one flag after a call: its value (or none), where it came from and what
 * `$feature_flag_called` reports about it.
 * @internal
 */
export interface Resolution extends FlagMetadata {
  key: string;
  value: FlagValue | undefined;
  payload: unknown;
  reason: FlagReason | undefined;
  locallyEvaluated: boolean;
  definitionsLoadedAt?: number;
  /** Server gate for minimal `$feature_flag_called` events. */
  minimalEvents: boolean;
  /** `$feature_flag_error` codes. */
  errors: string[];
}

/** A resolution for a flag that has no value. @internal */
export function noValue(key: string, errors: string[], reason?: FlagReason): Resolution {
  return { key, value: undefined, payload: undefined, reason, locallyEvaluated: false, minimalEvents: false, errors };
}
