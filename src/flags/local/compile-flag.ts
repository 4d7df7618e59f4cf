import type { FlagCondition, FlagDefinition } from '../definitions/payload.js';
import type { FlagValue } from '../flag-source.js';
import { type EvalContext, type LocalValue, type Matcher, NO, SERVER, type Scope, UNDECIDED, UNKNOWN, YES } from './context.js';
import { type FilterEnv, compileFilter } from './filters.js';
import { sha1Fraction, sha1FractionOf } from './sha1.js';

/** Reason codes of local decisions (same vocabulary as the `/flags` API). @internal */
export const REASON = {
  match: 'condition_match',
  outOfRollout: 'out_of_rollout',
  noMatch: 'no_condition_match',
  disabled: 'disabled',
  holdout: 'holdout',
  noGroup: 'no_group_type',
  inconclusive: 'inconclusive',
} as const;

interface Variant {
  key: string;
  /** Cumulative upper bound of this variant's hash range. */
  upTo: number;
  lowFrom: number;
}

interface Condition {
  matchers: Matcher[];
  /** Rollout as a fraction; `undefined` admits everyone. */
  rollout: number | undefined;
  /** A variant override that names an existing variant. */
  variant: string | undefined;
  /** Group type name when the condition aggregates differently from the flag, `null` for persons. */
  aggregation: string | null | undefined;
  /** Condition names a group type index the definitions do not map. */
  unmappedAggregation: boolean;
}

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

function finitePercent(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function compileVariants(definition: FlagDefinition): Variant[] {
  const raw = definition.filters?.multivariate?.variants;
  if (!Array.isArray(raw)) return [];
  const variants: Variant[] = [];
  let low = 0;
  for (const v of raw) {
    if (v === null || typeof v !== 'object' || typeof v.key !== 'string') continue;
    const high = low + (finitePercent(v.rollout_percentage) ?? 0) / 100;
    variants.push({ key: v.key, lowFrom: low, upTo: high });
    low = high;
  }
  return variants;
}

/**
 * Compiles a flag definition. `groupTypes` maps group type index → name. Never throws for a
 * malformed definition: what cannot be compiled evaluates as undecided.
 * @internal
 */
export function compileFlag(definition: FlagDefinition, groupTypes: Readonly<Record<string, string>>, env: FilterEnv): CompiledFlag {
  const key = definition.key;
  const filters = definition.filters ?? {};
  const prefix = `${key}.`;
  const variants = compileVariants(definition);
  const variantKeys = new Set(variants.map((v) => v.key));
  const aggregationIndex = filters.aggregation_group_type_index;
  const isGroupFlag = aggregationIndex !== null && aggregationIndex !== undefined;
  const flagGroup = isGroupFlag ? groupTypes[String(aggregationIndex)] : undefined;
  const earlyExit = (filters as { early_exit?: unknown }).early_exit === true;
  const byDevice = definition.bucketing_identifier === 'device_id';
  const disabled = definition.deleted === true || definition.active !== true;
  const continuity = definition.ensure_experience_continuity === true;

  const holdout = filters.holdout;
  const holdoutShare = holdout && holdout.id !== null && holdout.id !== undefined ? finitePercent(holdout.exclusion_percentage) : undefined;
  const holdoutFraction = holdoutShare === undefined ? undefined : Math.min(Math.max(holdoutShare, 0), 100) / 100;
  const holdoutValue = holdout ? `holdout-${holdout.id}` : '';

  const conditions: Condition[] = (Array.isArray(filters.groups) ? filters.groups : []).map((c: FlagCondition) => {
    const raw = (c ?? {}) as FlagCondition & { aggregation_group_type_index?: number | null };
    const percent = finitePercent(raw.rollout_percentage);
    const props = Array.isArray(raw.properties) ? raw.properties : [];
    const conditionIndex = raw.aggregation_group_type_index;
    let aggregation: string | null | undefined;
    let unmapped = false;
    if (conditionIndex !== undefined && conditionIndex !== aggregationIndex) {
      if (conditionIndex === null) aggregation = null;
      else {
        aggregation = groupTypes[String(conditionIndex)];
        unmapped = aggregation === undefined;
      }
    }
    return {
      matchers: props.map((p) => compileFilter(p, env)),
      rollout: percent === undefined ? undefined : percent / 100,
      variant: typeof raw.variant === 'string' && variantKeys.has(raw.variant) ? raw.variant : undefined,
      aggregation,
      unmappedAggregation: unmapped,
    };
  });

  const variantOf = (bucket: string): FlagValue => {
    if (variants.length === 0) return true;
    const h = sha1FractionOf(prefix, bucket, 'variant');
    for (const v of variants) if (h >= v.lowFrom && h < v.upTo) return v.key;
    return true;
  };

  /** Matches one condition: YES, NO, out of rollout (-1), or UNKNOWN / SERVER. */
  const matchCondition = (ctx: EvalContext, condition: Condition, scope: Scope, bucket: string, rolloutHash: { value: number }): number => {
    let undecided = 0;
    for (const matcher of condition.matchers) {
      const result = matcher(ctx, scope);
      if (result === NO) return NO;
      if (result !== YES && undecided === 0) undecided = result;
    }
    if (undecided !== 0) return undecided;
    // A fraction is never above 1, so a full rollout needs no hash.
    if (condition.rollout === undefined || condition.rollout >= 1) return YES;
    if (Number.isNaN(rolloutHash.value)) rolloutHash.value = sha1FractionOf(prefix, bucket, '');
    return rolloutHash.value <= condition.rollout ? YES : -1;
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

  const evaluate = (ctx: EvalContext): LocalValue => {
    if (disabled) return decide(ctx, REASON.disabled, -1, false);
    if (continuity) return undecided(ctx, 'the flag uses experience continuity, which only the server can evaluate');
    let scope: Scope;
    let bucket: string;
    const subject = ctx.subject;
    if (isGroupFlag) {
      if (flagGroup === undefined) return undecided(ctx, `group type index ${String(aggregationIndex)} is not in the group type mapping`);
      const groupKey = subject.groups[flagGroup];
      if (groupKey === undefined || groupKey === null) {
        ctx.note = `group "${flagGroup}" was not given`;
        return decide(ctx, REASON.noGroup, -1, false);
      }
      bucket = String(groupKey);
      scope = { props: subject.groupProperties[flagGroup], implicitKey: '$group_key', implicitValue: bucket };
    } else {
      scope = ctx.person;
      if (byDevice) {
        const device = subject.personProperties.$device_id ?? subject.deviceId;
        if (device === undefined || device === null || device === '') return undecided(ctx, 'the flag is bucketed by device id and none was given');
        bucket = String(device);
      } else bucket = subject.distinctId;
    }

    if (holdoutFraction !== undefined) {
      if (holdoutFraction === 1 || sha1Fraction(`holdout-${bucket}`) <= holdoutFraction) return decide(ctx, REASON.holdout, -1, holdoutValue);
    }

    const rolloutHash = { value: Number.NaN };
    let undecidedNote = '';
    let sawUndecided = false;
    let regexValues: FlagValue[] | undefined;
    let result: FlagValue | undefined;
    let matchedIndex = -1;
    let sawOutOfRollout = false;
    ctx.miss = '';
    for (let i = 0; i < conditions.length; i++) {
      const condition = conditions[i];
      let conditionScope = scope;
      let conditionBucket = bucket;
      let conditionHash = rolloutHash;
      if (condition.aggregation !== undefined) {
        if (condition.aggregation === null) {
          conditionScope = ctx.person;
          conditionBucket = subject.distinctId;
        } else {
          const groupKey = condition.unmappedAggregation ? undefined : subject.groups[condition.aggregation];
          if (groupKey === undefined || groupKey === null) continue;
          const props = subject.groupProperties[condition.aggregation];
          if (props === undefined) {
            sawUndecided = true;
            undecidedNote = `properties of group "${condition.aggregation}" were not given`;
            continue;
          }
          conditionBucket = String(groupKey);
          conditionScope = { props, implicitKey: '$group_key', implicitValue: conditionBucket };
        }
        conditionHash = { value: Number.NaN };
      }
      ctx.regexUnknown = false;
      const outcome = matchCondition(ctx, condition, conditionScope, conditionBucket, conditionHash);
      if (outcome === YES) {
        result = condition.variant ?? variantOf(conditionBucket);
        matchedIndex = i;
        break;
      }
      if (outcome === -1) {
        sawOutOfRollout = true;
        if (earlyExit) {
          if (sawUndecided) break;
          return decide(ctx, REASON.outOfRollout, i, false);
        }
        continue;
      }
      if (outcome === SERVER) return undecided(ctx, ctx.note);
      if (outcome === UNKNOWN) {
        if (!sawUndecided) undecidedNote = ctx.note;
        sawUndecided = true;
        if (ctx.regexUnknown) {
          // If this condition would have matched, the server could answer differently: remember how.
          const outOfRollout =
            earlyExit && condition.rollout !== undefined && sha1FractionOf(prefix, conditionBucket, '') > condition.rollout;
          (regexValues ??= []).push(outOfRollout ? false : (condition.variant ?? variantOf(conditionBucket)));
        }
      }
    }
    if (result !== undefined && !regexValues?.some((v) => v !== result)) {
      return decide(ctx, REASON.match, matchedIndex, result);
    }
    if (sawUndecided) return undecided(ctx, undecidedNote);
    return decide(ctx, sawOutOfRollout ? REASON.outOfRollout : REASON.noMatch, -1, false);
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
