import type { FlagCondition, FlagDefinition } from '../definitions/payload.js';
import { type Condition, type ConditionEnv, compileCondition, matchFilters } from './conditions.js';
import { type EvalContext, MISSING, NO, SERVER, type Tri, UNKNOWN, YES, readProperty } from './context.js';

/**
 * Early-access enrollment, which the flags service checks before anything else
 * (rust/feature-flags/src/flags/flag_matching.rs, `get_match`): with `feature_enrollment: true` the
 * person property `$feature_enrollment/<flag key>` decides the flag when the person has it (enrolled
 * when it is `true` or `"true"`); the legacy form is the first of `super_groups`, which decides when the
 * person has any of its properties (`is_super_condition_match`). Otherwise the conditions decide.
 * The server reads the person's stored properties too, so a property the call does not carry leaves
 * the flag to the server.
 * @internal
 */
export type Enrollment = { readonly key: string } | { readonly condition: Condition; readonly keys: readonly string[] };

/** Compiles a flag's enrollment gate; `undefined` when it has none. @internal */
export function compileEnrollment(definition: FlagDefinition, env: ConditionEnv): Enrollment | undefined {
  const filters = (definition.filters ?? {}) as { feature_enrollment?: unknown; super_groups?: unknown };
  if (filters.feature_enrollment === true) return { key: `$feature_enrollment/${definition.key}` };
  const first = Array.isArray(filters.super_groups) ? filters.super_groups[0] : undefined;
  const props = first !== null && typeof first === 'object' ? (first as { properties?: unknown }).properties : undefined;
  if (!Array.isArray(props) || props.length === 0) return undefined;
  // Enrollment is a person matter even on group flags: the super condition aggregates by person.
  const condition = compileCondition({ ...(first as FlagCondition), aggregation_group_type_index: null }, env);
  const keys = props.map((p) => String((p as { key?: unknown } | null)?.key));
  return { condition, keys };
}

/**
 * What the enrollment gate says: YES / NO decide the flag, UNKNOWN leaves it to the server, and
 * `undefined` goes on to the conditions. `rollout` admits or not by the super condition's rollout.
 * @internal
 */
export function matchEnrollment(ctx: EvalContext, enrollment: Enrollment, rollout: (condition: Condition) => Tri): Tri | undefined {
  if ('key' in enrollment) {
    const value = readProperty(ctx.person, enrollment.key);
    if (value === MISSING || value === undefined) return ctx.undecided(UNKNOWN, `enrollment property "${enrollment.key}" was not given`);
    return value === true || value === 'true' ? YES : NO;
  }
  if (!enrollment.keys.some((key) => readProperty(ctx.person, key) !== MISSING)) {
    return ctx.undecided(UNKNOWN, 'none of the early-access enrollment properties was given');
  }
  const matched = matchFilters(ctx, enrollment.condition, ctx.person, undefined);
  if (matched === NO) return NO;
  if (matched === UNKNOWN || matched === SERVER) return UNKNOWN;
  return rollout(enrollment.condition);
}
