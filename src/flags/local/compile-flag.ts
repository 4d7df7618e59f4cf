import type { FlagCondition, FlagDefinition } from '../definitions/payload.js';
import type { FlagValue } from '../flag-source.js';
import {
  EMPTY_IDENTIFIER,
  type Identifier,
  NO_DEVICE,
  SERVER_IDENTIFIER,
  compileVariants,
  constantVariant,
  deviceIdOf,
  finitePercent,
  identifierNote,
  pickVariant,
} from './bucketing.js';
import { type Condition, type ConditionEnv, compileCondition, matchFilters } from './conditions.js';
import { type EvalContext, type LocalValue, NO, SERVER, type Scope, type Tri, UNDECIDED, UNKNOWN, YES } from './context.js';
import { compileEnrollment, matchEnrollment } from './enrollment.js';
import type { FilterEnv } from './filters.js';
import { sha1Fraction, sha1FractionOf } from './sha1.js';

/** Reason codes of local decisions (same vocabulary as the `/flags` API). @internal */
export const REASON = {
  match: 'condition_match',
  outOfRollout: 'out_of_rollout',
  noMatch: 'no_condition_match',
  disabled: 'disabled',
  holdout: 'holdout',
  noGroup: 'no_group_type',
  enrollment: 'super_condition_value',
  inconclusive: 'inconclusive',
} as const;

/** One flag, compiled: metadata plus a synchronous evaluator. @internal */
export interface CompiledFlag {
  readonly key: string;
  readonly id: number | undefined;
  readonly version: number | undefined;
  readonly hasExperiment: boolean | undefined;
  /** Raw payloads by value (`"true"` or variant key). */
  readonly payloads: Readonly<Record<string, unknown>> | undefined;
  /** Evaluates the flag; on return `ctx.code`, `ctx.conditionIndex` and `ctx.note` explain it. */
  evaluate(ctx: EvalContext): LocalValue;
}

/** A condition's value could not be worked out locally: the flag goes to the server. */
const UNKNOWABLE: unique symbol = Symbol('unknowable');

function groupIndex(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Compiles a flag definition. `groupTypes` maps group type index → name (`undefined` when the
 * definitions carry no mapping at all). Never throws for a malformed definition: what cannot be
 * compiled evaluates as undecided. Evaluation follows the flags service
 * (rust/feature-flags/src/flags/flag_matching.rs, `get_match`): enrollment, holdout, then the
 * conditions in definition order, the first match deciding.
 * @internal
 */
export function compileFlag(definition: FlagDefinition, groupTypes: Readonly<Record<string, string>> | undefined, env: FilterEnv): CompiledFlag {
  const key = definition.key;
  const filters = definition.filters ?? {};
  const prefix = `${key}.`;
  const variants = compileVariants(definition);
  const flagGroup = groupIndex(filters.aggregation_group_type_index);
  const earlyExit = (filters as { early_exit?: unknown }).early_exit === true;
  const byDevice = definition.bucketing_identifier === 'device_id';
  const disabled = definition.deleted === true || definition.active !== true;
  const continuity = definition.ensure_experience_continuity === true;

  const holdout = filters.holdout;
  const holdoutShare = holdout && holdout.id !== null && holdout.id !== undefined ? finitePercent(holdout.exclusion_percentage) : undefined;
  const holdoutFraction = holdoutShare === undefined ? undefined : Math.min(Math.max(holdoutShare, 0), 100) / 100;
  const holdoutValue = holdout ? `holdout-${holdout.id}` : '';

  const conditionEnv: ConditionEnv = {
    filters: env,
    flagGroup,
    variantKeys: new Set(variants.map((v) => v.key)),
    constantVariant: constantVariant(variants),
  };
  const conditions: Condition[] = (Array.isArray(filters.groups) ? filters.groups : []).map((c: FlagCondition) => compileCondition(c, conditionEnv));
  const enrollment = compileEnrollment(definition, conditionEnv);

  /** What a person condition hashes (`hashed_identifier`): device id, a stored override, or the distinct id. */
  const personIdentifier = (ctx: EvalContext): Identifier => {
    if (byDevice) return deviceIdOf(ctx.subject) ?? NO_DEVICE;
    if (continuity) return SERVER_IDENTIFIER;
    return ctx.subject.distinctId === '' ? EMPTY_IDENTIFIER : ctx.subject.distinctId;
  };

  /** A condition's value once it matched, or UNKNOWABLE when that needs a hash the server alone can take. */
  const matchedValue = (condition: Condition, identifier: Identifier): FlagValue | typeof UNKNOWABLE => {
    if (condition.fixedValue !== undefined) return condition.fixedValue;
    return typeof identifier === 'string' ? pickVariant(variants, sha1FractionOf(prefix, identifier, 'variant')) : UNKNOWABLE;
  };

  // The rollout hash of the identifier seen last: conditions of one call mostly share it.
  let hashedIdentifier: string | undefined;
  let rolloutHash = 0;
  /** Whether the identifier is inside the condition's rollout: YES, NO, or UNKNOWN (ctx.note says why). */
  const admits = (ctx: EvalContext, condition: Condition, identifier: Identifier): Tri => {
    if (condition.rollout === undefined) return YES;
    if (typeof identifier !== 'string') return ctx.undecided(UNKNOWN, identifierNote(identifier));
    if (identifier !== hashedIdentifier) {
      rolloutHash = sha1FractionOf(prefix, identifier, '');
      hashedIdentifier = identifier;
    }
    return rolloutHash <= condition.rollout ? YES : NO;
  };

  const decide = (ctx: EvalContext, code: string, index: number, value: FlagValue): FlagValue => {
    ctx.code = code;
    ctx.conditionIndex = index;
    return value;
  };
  const undecided = (ctx: EvalContext, note: string): typeof UNDECIDED => {
    ctx.code = REASON.inconclusive;
    ctx.note = note;
    ctx.conditionIndex = -1;
    return UNDECIDED;
  };

  /** The holdout (`is_holdout_condition_match`): hashed as "holdout-<id>" on the flag-level identifier, never a stored override. */
  const inHoldout = (ctx: EvalContext): boolean | typeof UNKNOWABLE => {
    if (holdoutFraction === undefined) return false;
    if (holdoutFraction === 1) return true;
    let identifier: string;
    if (flagGroup !== undefined) {
      if (groupTypes === undefined) return UNKNOWABLE;
      // An unmapped or missing group hashes as "" on the server (`hashed_identifier`).
      const name = groupTypes[String(flagGroup)];
      identifier = (name === undefined ? undefined : ctx.subject.groups[name]) ?? '';
    } else identifier = (byDevice ? deviceIdOf(ctx.subject) : undefined) ?? ctx.subject.distinctId;
    return sha1Fraction(`holdout-${identifier}`) <= holdoutFraction;
  };

  const evaluate = (ctx: EvalContext): LocalValue => {
    if (disabled) return decide(ctx, REASON.disabled, -1, false);
    const subject = ctx.subject;
    ctx.miss = '';
    if (enrollment !== undefined) {
      const enrolled = matchEnrollment(ctx, enrollment, (c) => admits(ctx, c, personIdentifier(ctx)));
      if (enrolled === YES || enrolled === NO) return decide(ctx, REASON.enrollment, 0, enrolled === YES);
      return undecided(ctx, ctx.note);
    }
    const holdoutMatch = inHoldout(ctx);
    if (holdoutMatch === UNKNOWABLE) return undecided(ctx, 'the definitions have no group type mapping');
    if (holdoutMatch) return decide(ctx, REASON.holdout, -1, holdoutValue);

    let person: Identifier | undefined;
    let undecidedNote = '';
    let sawUndecided = false;
    let regexValues: FlagValue[] | undefined;
    let result: FlagValue | undefined;
    let matchedIndex = -1;
    let sawOutOfRollout = false;
    let missingGroup = '';
    for (let i = 0; i < conditions.length; i++) {
      const condition = conditions[i];
      let identifier: Identifier;
      let scope: Scope;
      if (condition.group === undefined) {
        identifier = person ??= personIdentifier(ctx);
        // Without a device id the server skips a device-bucketed condition whose outcome needs the hash.
        if (identifier === NO_DEVICE && condition.hashed) {
          sawOutOfRollout = true;
          continue;
        }
        scope = ctx.person;
      } else {
        if (groupTypes === undefined) return undecided(ctx, `group type index ${condition.group} needs the group type mapping, which the definitions lack`);
        const name = groupTypes[String(condition.group)];
        const groupKey = name === undefined ? undefined : subject.groups[name];
        // The server skips a group condition whose group type is not mapped or whose key was not given
        // (or is empty): it goes on to the next condition.
        if (groupKey === undefined || groupKey === '') {
          missingGroup ||= name === undefined ? `group type index ${condition.group} is not mapped` : `group "${name}" was not given`;
          continue;
        }
        identifier = groupKey;
        scope = ctx.groupScope(name);
      }
      ctx.regexUnknown = false;
      const matched = matchFilters(ctx, condition, scope, groupTypes);
      if (matched === NO) continue;
      if (matched === SERVER) return undecided(ctx, ctx.note);
      if (matched === UNKNOWN) {
        if (!sawUndecided) undecidedNote = ctx.note;
        sawUndecided = true;
        if (ctx.regexUnknown) {
          // If this condition would have matched, the server could answer differently: remember how.
          const outOfRollout =
            earlyExit && condition.rollout !== undefined && typeof identifier === 'string' && sha1FractionOf(prefix, identifier, '') > condition.rollout;
          const value = outOfRollout ? false : matchedValue(condition, identifier);
          if (value === UNKNOWABLE) return undecided(ctx, undecidedNote);
          (regexValues ??= []).push(value);
        }
        continue;
      }
      const inRollout = admits(ctx, condition, identifier);
      if (inRollout === UNKNOWN) return undecided(ctx, ctx.note);
      if (inRollout === NO) {
        sawOutOfRollout = true;
        if (earlyExit) {
          if (sawUndecided) break;
          return decide(ctx, REASON.outOfRollout, i, false);
        }
        continue;
      }
      const value = matchedValue(condition, identifier);
      if (value === UNKNOWABLE) return undecided(ctx, identifierNote(identifier as Exclude<Identifier, string>));
      result = value;
      matchedIndex = i;
      break;
    }
    if (result !== undefined && !regexValues?.some((v) => v !== result)) {
      return decide(ctx, REASON.match, matchedIndex, result);
    }
    if (sawUndecided) return undecided(ctx, undecidedNote);
    if (sawOutOfRollout) return decide(ctx, REASON.outOfRollout, -1, false);
    if (missingGroup !== '') {
      ctx.note = missingGroup;
      return decide(ctx, REASON.noGroup, -1, false);
    }
    return decide(ctx, REASON.noMatch, -1, false);
  };

  const hasExperiment = typeof definition.has_experiment === 'boolean' ? definition.has_experiment : undefined;
  return {
    key,
    id: typeof definition.id === 'number' ? definition.id : undefined,
    version: typeof definition.version === 'number' ? definition.version : undefined,
    hasExperiment,
    payloads: filters.payloads ?? undefined,
    evaluate,
  };
}
