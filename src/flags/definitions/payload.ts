/**
 * Wire types of `GET /flags/definitions` (see reference/wire-protocol.md §5 and flag-evaluation.md §1).
 * Everything is optional or loosely typed on purpose: the compiler validates, and malformed entries
 * must never crash the client.
 * @internal
 */
export interface DefinitionsPayload {
  flags: FlagDefinition[];
  group_type_mapping?: Record<string, string>;
  cohorts?: Record<string, PropertyGroup>;
  minimal_flag_called_events?: boolean;
  property_matching_version?: number;
}

/** @internal */
export interface FlagDefinition {
  id?: number;
  key: string;
  name?: string;
  active?: boolean;
  deleted?: boolean;
  ensure_experience_continuity?: boolean;
  has_experiment?: boolean;
  bucketing_identifier?: string | null;
  version?: number;
  evaluation_runtime?: string | null;
  evaluation_contexts?: string[];
  filters?: FlagFilters;
}

/** @internal */
export interface FlagFilters {
  groups?: FlagCondition[];
  multivariate?: { variants: Array<{ key: string; rollout_percentage?: number | null; name?: string }> } | null;
  payloads?: Record<string, unknown>;
  aggregation_group_type_index?: number | null;
  holdout?: { id: number | string; exclusion_percentage: number } | null;
  super_groups?: FlagCondition[];
  /** Early access: the person property `$feature_enrollment/<key>` decides when present. */
  feature_enrollment?: boolean;
  property_matching_version?: number;
  bucketing_identifier?: string | null;
}

/** @internal */
export interface FlagCondition {
  properties?: PropertyFilter[] | null;
  rollout_percentage?: number | null;
  variant?: string | null;
  /** The condition's own aggregation (absent: the flag's; `null`: persons). */
  aggregation_group_type_index?: number | null;
}

/** @internal */
export interface PropertyFilter {
  key: string;
  value?: unknown;
  operator?: string | null;
  type?: string;
  group_type_index?: number | null;
  negation?: boolean;
  dependency_chain?: unknown;
}

/** A cohort definition: nested AND / OR groups of filters. @internal */
export interface PropertyGroup {
  type: 'AND' | 'OR' | string;
  values: Array<PropertyGroup | PropertyFilter>;
}
