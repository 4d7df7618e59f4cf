/**
 * The one question both flag sources answer: "what is this flag for this subject?". The local
 * evaluator answers synchronously from compiled definitions; the remote source asks `/flags`. The
 * resolver asks local first and sends only what stays inconclusive to remote.
 */

/** A flag's value: `true` / `false` for boolean flags, the variant key for multivariate flags. */
export type FlagValue = boolean | string;

/** Who a flag is evaluated for. Built once per call by the client from its arguments. @internal */
export interface FlagSubject {
  distinctId: string;
  /** group type → group key, e.g. `{ company: 'acme' }`. */
  groups: Record<string, string>;
  personProperties: Record<string, unknown>;
  /** group type → properties of that group. */
  groupProperties: Record<string, Record<string, unknown>>;
  /** Device id for flags bucketed by device (`bucketing_identifier: device_id`). */
  deviceId?: string;
}

/**
 * Why a flag has the value it has, in words a person can read.
 * `code` is stable and machine-readable; `description` says which condition matched, which property
 * did not, or why the flag could not be decided.
 */
export interface FlagReason {
  /**
   * `condition_match`, `out_of_rollout`, `no_condition_match`, `disabled`, `holdout`,
   * `inconclusive`, `remote` (server's own code when it sends one), `flag_missing`, `error`.
   */
  code: string;
  description: string;
  /** Index of the matched (or first failing) condition set, when there is one. */
  conditionIndex?: number;
}

/** A decided flag. */
export interface FlagDecision extends FlagMetadata {
  kind: 'decided';
  key: string;
  value: FlagValue;
  /** Parsed payload for `value`, `null` when the value has no payload. */
  payload: unknown;
  reason: FlagReason;
  locallyEvaluated: boolean;
}

/** What `$feature_flag_called` reports about where a value came from, as far as it is known. */
export interface FlagMetadata {
  /** Flag id (local definition or remote metadata). */
  id?: number;
  /** Flag version (remote metadata only). */
  version?: number;
  /** Whether the flag has an experiment, when known. */
  hasExperiment?: boolean;
  /** `/flags` request id, remote answers only. */
  requestId?: string;
  /** Epoch ms when the value was computed. */
  evaluatedAt?: number;
}

/** A flag that could not be decided by this source. */
export interface FlagInconclusive {
  kind: 'inconclusive';
  key: string;
  reason: FlagReason;
}

/** The source has no such flag. */
export interface FlagMissing {
  kind: 'missing';
  key: string;
}

/** What a source says about one flag. */
export type FlagOutcome = FlagDecision | FlagInconclusive | FlagMissing;
