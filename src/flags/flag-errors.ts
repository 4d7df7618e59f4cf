/**
 * The values of `$feature_flag_error` on `$feature_flag_called` events (several are comma-joined),
 * by posthog-node's names.
 */
export const FeatureFlagError = {
  /** The server reported errors while computing flags; some values may be missing. */
  ERRORS_WHILE_COMPUTING: 'errors_while_computing_flags',
  /** The flag is not in the answer (unknown, inactive, or filtered out). */
  FLAG_MISSING: 'flag_missing',
  /** Local evaluation could not decide and `/flags` was not asked. */
  LOCAL_EVALUATION_INCONCLUSIVE: 'local_evaluation_inconclusive',
  /** The project is over its feature-flag quota. */
  QUOTA_LIMITED: 'quota_limited',
  /** The request timed out. */
  TIMEOUT: 'timeout',
  /** The request failed on the network. */
  CONNECTION_ERROR: 'connection_error',
  /** The request failed (what posthog-node and posthog-ts report for any failed `/flags` request). */
  UNKNOWN_ERROR: 'unknown_error',
  /** `api_error_<status>`: the server answered with an error status. */
  apiError: (status: number): string => `api_error_${status}`,
} as const;

/** One `$feature_flag_error` value. */
export type FeatureFlagErrorType = (typeof FeatureFlagError)[Exclude<keyof typeof FeatureFlagError, 'apiError'>] | ReturnType<typeof FeatureFlagError.apiError> | string;
