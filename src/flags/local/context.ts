import type { FlagSubject, FlagValue } from '../flag-source.js';

/**
 * Three-and-a-half-valued logic of local matching. `UNKNOWN` means "this filter cannot be decided
 * with what we were given" and lets evaluation go on (a later definite non-match still wins);
 * `SERVER` means "only the server can decide" and stops the cohort or flag that hit it.
 * @internal
 */
export const NO = 0;
/** @internal */
export const YES = 1;
/** @internal */
export const UNKNOWN = 2;
/** @internal */
export const SERVER = 3;
/** @internal */
export type Tri = typeof NO | typeof YES | typeof UNKNOWN | typeof SERVER;

/** Swaps YES and NO; undecided stays undecided. @internal */
export function invert(result: Tri): Tri {
  return result === YES ? NO : result === NO ? YES : result;
}

/**
 * The properties a filter reads: the caller's object plus one implicit key (`distinct_id` for
 * people, `$group_key` for groups) that the caller's own value overrides. Nothing is copied.
 * @internal
 */
export interface Scope {
  readonly props: Readonly<Record<string, unknown>> | undefined;
  readonly implicitKey: string;
  readonly implicitValue: unknown;
  /** The person's properties (absent `$initial_*` ones are read from their counterparts). */
  readonly person: boolean;
}

/** Properties of no one: every key is missing. */
const NOWHERE: Scope = { props: undefined, implicitKey: '', implicitValue: undefined, person: false };

/** Marks a flag being evaluated, to find dependency cycles. @internal */
export const IN_PROGRESS: unique symbol = Symbol('in progress');
/** A flag that could not be decided locally. @internal */
export const UNDECIDED: unique symbol = Symbol('undecided');
/** A cohort's remembered result, with the note explaining an undecided one. @internal */
export interface CohortMemo {
  readonly result: Tri;
  readonly note: string;
}

/** What a compiled flag evaluates to. @internal */
export type LocalValue = FlagValue | typeof UNDECIDED;

/**
 * State of one evaluation call: the subject, the clock, memoised dependency results and the
 * explanation of the last decision. Created once per call and shared by every flag it evaluates.
 * @internal
 */
export class EvalContext {
  /** Dependency results by flag key (created on first use). */
  memo: Map<string, LocalValue | typeof IN_PROGRESS> | undefined;
  /** Why the last filter was undecided. */
  note = '';
  /** Key of the last property that did not match (for reasons). */
  miss = '';
  /** Set by a regex the local engine cannot run exactly like the server. */
  regexUnknown = false;
  /** Nesting depth of cohorts, to stop runaway recursion. */
  depth = 0;
  /** Cohort results of this call (created on first use): each cohort is evaluated once. */
  cohorts: Map<string, CohortMemo | typeof IN_PROGRESS> | undefined;
  /** Reason code and condition index of the flag decided last. */
  code = '';
  conditionIndex = -1;
  readonly person: Scope;
  private groupScopes: Map<string, Scope> | undefined;

  constructor(
    readonly subject: FlagSubject,
    readonly now: number,
  ) {
    this.person = { props: subject.personProperties, implicitKey: 'distinct_id', implicitValue: subject.distinctId, person: true };
  }

  /** The properties of a group the call names (`undefined`: a group type the definitions do not map). */
  groupScope(name: string | undefined): Scope {
    if (name === undefined) return NOWHERE;
    let scope = this.groupScopes?.get(name);
    if (scope === undefined) {
      const { groupProperties, groups } = this.subject;
      scope = { props: groupProperties[name], implicitKey: '$group_key', implicitValue: groups[name], person: false };
      (this.groupScopes ??= new Map()).set(name, scope);
    }
    return scope;
  }

  /** Records why something is undecided and returns `kind`. */
  undecided(kind: typeof UNKNOWN | typeof SERVER, note: string): Tri {
    this.note = note;
    return kind;
  }
}

/** A compiled filter or property group. @internal */
export type Matcher = (ctx: EvalContext, scope: Scope) => Tri;

const hasOwn = Object.prototype.hasOwnProperty;

/** The value of an absent property. @internal */
export const MISSING: unique symbol = Symbol('missing');

/** Reads `key` from a scope; `MISSING` when absent. @internal */
export function readProperty(scope: Scope, key: string): unknown {
  const props = scope.props;
  if (props !== undefined && props !== null && hasOwn.call(props, key)) return props[key];
  return key === scope.implicitKey ? scope.implicitValue : MISSING;
}

