import type { FlagCondition, PropertyFilter } from '../definitions/payload.js';
import type { FlagValue } from '../flag-source.js';
import { finitePercent } from './bucketing.js';
import { type EvalContext, type Matcher, NO, type Scope, type Tri, YES } from './context.js';
import { type FilterEnv, compileFilter } from './filters.js';

/**
 * One condition set of a flag, compiled. Follows the flags service
 * (rust/feature-flags/src/flags/flag_matching.rs, `get_match` and `is_condition_match`): a condition
 * aggregates by its own `aggregation_group_type_index` when it has the field (`null` = person), else by
 * the flag's; each filter reads the properties its type names (`PropertyContext::resolve_for_filter`):
 * person filters and cohorts the person's, group filters their group's.
 * @internal
 */
export interface Condition {
  readonly matchers: readonly Matcher[];
  /** Where each matcher reads: {@link PERSON}, {@link OWN} or a group type index. */
  readonly reads: readonly number[];
  /** Rollout as a fraction below 1; `undefined` admits everyone without hashing. */
  readonly rollout: number | undefined;
  /** The value when it does not depend on the hash: a valid variant override or the flag's only outcome. */
  readonly fixedValue: FlagValue | undefined;
  /** Whether the outcome depends on the hashed identifier (a partial rollout or a hashed variant). */
  readonly hashed: boolean;
  /** Group type index the condition aggregates by; `undefined` for persons. */
  readonly group: number | undefined;
}

/** A filter that reads the person's properties whatever the condition aggregates by. */
export const PERSON = -1;
/** A filter that reads the condition's own properties (untyped filters, as posthog-node reads them). */
export const OWN = -2;

/** A group filter that names no group type. */
const NOWHERE = -3;

/** What compiling a condition needs from its flag. @internal */
export interface ConditionEnv {
  readonly filters: FilterEnv;
  readonly flagGroup: number | undefined;
  readonly variantKeys: ReadonlySet<string>;
  /** The value every hash gets, when the variants leave no choice. */
  readonly constantVariant: FlagValue | undefined;
}

function indexOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function readsOf(filter: PropertyFilter, group: number | undefined): number {
  if (filter === null || typeof filter !== 'object') return OWN;
  if (filter.type === 'person' || filter.type === 'cohort') return PERSON;
  // A group filter with no group type anywhere reads nothing (the server reads an empty map).
  if (filter.type === 'group') return indexOf(filter.group_type_index) ?? group ?? NOWHERE;
  return OWN;
}

/** Compiles one condition set of a flag. @internal */
export function compileCondition(raw: FlagCondition | null | undefined, env: ConditionEnv): Condition {
  const condition = (raw ?? {}) as FlagCondition & { aggregation_group_type_index?: unknown };
  const group = 'aggregation_group_type_index' in condition ? indexOf(condition.aggregation_group_type_index) : env.flagGroup;
  const props = Array.isArray(condition.properties) ? condition.properties : [];
  const percent = finitePercent(condition.rollout_percentage);
  // A rollout of 100% (or more) admits every hash, so it needs no identifier (v1_bucketing.rs `is_in_rollout`).
  const rollout = percent === undefined || percent >= 100 ? undefined : percent / 100;
  const override = typeof condition.variant === 'string' && env.variantKeys.has(condition.variant) ? condition.variant : undefined;
  const fixedValue = override ?? env.constantVariant;
  return {
    matchers: props.map((p) => compileFilter(p, env.filters)),
    reads: props.map((p) => readsOf(p, group)),
    rollout,
    fixedValue,
    hashed: rollout !== undefined || fixedValue === undefined,
    group,
  };
}

/**
 * Runs a condition's filters: YES, NO, or the first undecided result. Every filter is checked, so
 * one definite non-match beats an undecided filter.
 * @internal
 */
export function matchFilters(ctx: EvalContext, condition: Condition, own: Scope, groupNames: Readonly<Record<string, string>> | undefined): Tri {
  let undecided: Tri = YES;
  const { matchers, reads } = condition;
  for (let i = 0; i < matchers.length; i++) {
    const where = reads[i];
    const scope = where === OWN ? own : where === PERSON ? ctx.person : ctx.groupScope(where === NOWHERE ? undefined : groupNames?.[String(where)]);
    const result = matchers[i](ctx, scope);
    if (result === NO) return NO;
    if (result !== YES && undecided === YES) undecided = result;
  }
  return undecided;
}
