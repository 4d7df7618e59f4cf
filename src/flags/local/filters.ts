import type { PropertyFilter, PropertyGroup } from '../definitions/payload.js';
import type { FlagValue } from '../flag-source.js';
import {
  type EvalContext,
  IN_PROGRESS,
  type LocalValue,
  MISSING,
  type Matcher,
  NO,
  SERVER,
  type Scope,
  type Tri,
  UNDECIDED,
  UNKNOWN,
  YES,
  invert,
  readProperty,
} from './context.js';
import { initialPropertySource } from './initial-properties.js';
import { NULL_COMPARING_OPERATORS, compileValueTest } from './operators.js';

/** Deepest cohort nesting evaluated before giving up (also stops cohort cycles). */
const MAX_COHORT_DEPTH = 32;

/** What filter compilation needs from the flag set around it. @internal */
export interface FilterEnv {
  readonly matchingVersion: number | undefined;
  /** The compiled property group of a cohort, `undefined` when the definitions do not have it. */
  cohort(id: string): Matcher | undefined;
  /** Whether a flag with this key is defined. */
  hasFlag(key: string): boolean;
  /** Evaluates a flag for the same subject (memoised per call, cycles undecided). */
  dependency(ctx: EvalContext, key: string): LocalValue;
}

function compilePropertyFilter(filter: PropertyFilter, env: FilterEnv): Matcher {
  const key = String(filter.key);
  const operator = typeof filter.operator === 'string' && filter.operator !== '' ? filter.operator : 'exact';
  const test = compileValueTest(operator, filter.value, env.matchingVersion);
  const nullComparable = NULL_COMPARING_OPERATORS.has(operator);
  const initialSource = initialPropertySource(key);
  return (ctx, scope) => {
    let value = readProperty(scope, key);
    if (value === MISSING && initialSource !== undefined && scope.person) value = readProperty(scope, initialSource);
    if (value === MISSING) return ctx.undecided(UNKNOWN, `property "${key}" was not given`);
    if (operator === 'is_set') return YES;
    if (operator === 'is_not_set') return NO;
    if (value === undefined) return ctx.undecided(UNKNOWN, `property "${key}" is undefined`);
    if (value === null && !nullComparable) {
      ctx.miss = key;
      return NO;
    }
    const result = test(value, ctx);
    if (result === NO) ctx.miss = key;
    return result;
  };
}

function compileCohortFilter(filter: PropertyFilter, env: FilterEnv): Matcher {
  const id = String(filter.value);
  const negate = filter.operator === 'not_in';
  return (ctx, scope) => {
    const result = cohortResult(ctx, scope, id, env);
    if (result === NO && !negate) ctx.miss = `cohort ${id}`;
    return negate ? invert(result) : result;
  };
}

/**
 * A cohort's result for this evaluation. Cohorts are read against the person (the flags service
 * does so even inside group conditions), so within one call a cohort has one result: it is worked out
 * once and remembered. Without this, cohorts that share sub-cohorts cost 2^depth (issue 8).
 */
function cohortResult(ctx: EvalContext, scope: Scope, id: string, env: FilterEnv): Tri {
  const memo = scope === ctx.person ? (ctx.cohorts ??= new Map()) : undefined;
  const known = memo?.get(id);
  if (known === IN_PROGRESS) return ctx.undecided(SERVER, `cohort ${id} refers to itself`);
  if (known !== undefined) {
    if (known.result === UNKNOWN || known.result === SERVER) ctx.note = known.note;
    return known.result;
  }
  const group = env.cohort(id);
  if (group === undefined) return ctx.undecided(SERVER, `cohort ${id} is not in the definitions (static cohorts need the server)`);
  if (ctx.depth >= MAX_COHORT_DEPTH) return ctx.undecided(SERVER, `cohort ${id} nests more than ${MAX_COHORT_DEPTH} deep`);
  memo?.set(id, IN_PROGRESS);
  ctx.depth++;
  const result = group(ctx, scope);
  ctx.depth--;
  memo?.set(id, { result, note: ctx.note });
  return result;
}

/** Whether a dependency's value is the one a `flag_evaluates_to` filter expects. */
export function flagEvaluatesTo(expected: unknown, value: FlagValue | undefined): boolean {
  if (typeof expected === 'boolean') return expected === value || (expected === true && typeof value === 'string' && value !== '');
  if (typeof expected === 'string') return value === expected;
  return false;
}

function compileFlagFilter(filter: PropertyFilter, env: FilterEnv): Matcher {
  const target = String(filter.key);
  const chain = filter.dependency_chain;
  if (!('dependency_chain' in filter) || !Array.isArray(chain)) {
    return (ctx) => ctx.undecided(UNKNOWN, `dependency on "${target}" has no dependency chain`);
  }
  if (chain.length === 0) return (ctx) => ctx.undecided(UNKNOWN, `dependency on "${target}" is circular`);
  const keys = chain.map(String);
  const expected = filter.value;
  return (ctx) => {
    for (const key of keys) {
      if (!env.hasFlag(key)) return ctx.undecided(UNKNOWN, `flag "${key}" that "${target}" depends on is not defined`);
    }
    for (const key of keys) {
      if (env.dependency(ctx, key) === UNDECIDED) return ctx.undecided(UNKNOWN, `dependency "${key}" could not be decided: ${ctx.note}`);
    }
    const value = env.dependency(ctx, target);
    const decided = value === UNDECIDED ? undefined : value;
    if (flagEvaluatesTo(expected, decided)) return YES;
    ctx.miss = `flag ${target}`;
    return NO;
  };
}

/** Compiles one filter of a condition or cohort. @internal */
export function compileFilter(filter: PropertyFilter, env: FilterEnv): Matcher {
  if (filter === null || typeof filter !== 'object') return (ctx) => ctx.undecided(UNKNOWN, 'malformed filter');
  if (filter.type === 'cohort') return compileCohortFilter(filter, env);
  if (filter.type === 'flag') return compileFlagFilter(filter, env);
  return compilePropertyFilter(filter, env);
}

function isGroup(value: unknown): value is PropertyGroup {
  return value !== null && typeof value === 'object' && 'values' in value;
}

/**
 * Compiles a cohort's property group: nested AND / OR groups, leaves with optional `negation`.
 * Something only the server can decide stops the group; other undecided leaves let a later leaf
 * settle it. @internal
 */
export function compilePropertyGroup(group: unknown, env: FilterEnv): Matcher {
  if (group === null || typeof group !== 'object' || Object.keys(group).length === 0) return () => YES;
  const raw = group as PropertyGroup;
  const type = raw.type === 'property' ? 'AND' : raw.type;
  if (type !== 'AND' && type !== 'OR') return (ctx) => ctx.undecided(SERVER, `cohort group type ${String(raw.type)} is not supported`);
  const isAnd = type === 'AND';
  const values = Array.isArray(raw.values) ? raw.values : [];
  if (values.length === 0) return () => (isAnd ? YES : NO);
  const nested = isGroup(values[0]);
  const children: Matcher[] = [];
  const negations: boolean[] = [];
  for (const value of values) {
    children.push(nested ? compilePropertyGroup(value, env) : compileFilter(value as PropertyFilter, env));
    negations.push(!nested && (value as PropertyFilter)?.negation === true);
  }
  const decisive = isAnd ? NO : YES;
  return (ctx: EvalContext, scope: Scope): Tri => {
    let undecided = false;
    for (let i = 0; i < children.length; i++) {
      const result = children[i](ctx, scope);
      if (result === SERVER) return SERVER;
      if (result === UNKNOWN) {
        undecided = true;
        continue;
      }
      if ((negations[i] ? invert(result) : result) === decisive) return decisive;
    }
    return undecided ? UNKNOWN : isAnd ? YES : NO;
  };
}
