import type { DefinitionsPayload, FlagDefinition } from '../definitions/payload.js';
import type { FlagDecision, FlagInconclusive, FlagOutcome, FlagSubject, FlagValue } from '../flag-source.js';
import { parsePayload } from '../payloads.js';
import { EvalContext, IN_PROGRESS, type LocalValue, type Matcher, UNDECIDED } from './context.js';
import { type CompiledFlag, REASON, compileFlag } from './compile-flag.js';
import { type FilterEnv, compilePropertyGroup } from './filters.js';
import { describeDecision } from './reasons.js';
import { scanDefinitions } from '../definitions/scan.js';

/**
 * A definitions payload compiled into synchronous evaluators, each flag once, on first use.
 * Evaluation does no I/O and allocates little; the set is immutable, so a reload swaps it atomically.
 * @internal
 */
export interface CompiledFlagSet {
  /** Flag keys in definition order. */
  readonly keys: readonly string[];
  readonly size: number;
  /** Server gate for minimal `$feature_flag_called` events. */
  readonly minimalFlagCalledEvents: boolean;
  /** Epoch ms when these definitions were loaded. */
  readonly loadedAt: number;
  has(key: string): boolean;
  /** Metadata of a defined flag. */
  flag(key: string): CompiledFlag | undefined;
  /** The definition of a flag as received (parsed on demand). */
  definition(key: string): FlagDefinition | undefined;
  /**
   * Evaluates one flag; `missing` when it is not defined. With `withPayload` false the decision's
   * payload is left `undefined` (not parsed): for reads that only want the value.
   */
  evaluate(key: string, subject: FlagSubject, now?: number, withPayload?: boolean): FlagOutcome;
  /**
   * One flag's value only: no decision record, reason or payload is built. `UNDECIDED` when it is
   * inconclusive or not defined here ({@link evaluate} says why).
   */
  evaluateValue(key: string, subject: FlagSubject, now: number): LocalValue;
  /** Evaluates the given keys (default: every flag) in one pass sharing dependency results. */
  evaluateAll(subject: FlagSubject, keys?: readonly string[], now?: number): FlagOutcome[];
  /**
   * Values only, for the bulk getters: no reasons or payloads are built. `undecided` lists the keys
   * that are inconclusive or not defined here, in order.
   */
  evaluateValues(subject: FlagSubject, keys?: readonly string[], now?: number): { values: Record<string, FlagValue>; undecided: string[] };
}

function outcomeOf(flag: CompiledFlag, value: LocalValue, ctx: EvalContext, evaluatedAt: number, withPayload = true): FlagDecision | FlagInconclusive {
  if (value === UNDECIDED) {
    return { kind: 'inconclusive', key: flag.key, reason: { code: REASON.inconclusive, description: `Cannot evaluate locally: ${ctx.note}` } };
  }
  const decision: FlagDecision = {
    kind: 'decided',
    key: flag.key,
    value,
    payload: !withPayload ? undefined : value === false ? null : payloadOf(flag, value),
    reason: describeDecision(ctx),
    locallyEvaluated: true,
    id: flag.id,
    hasExperiment: flag.hasExperiment,
    evaluatedAt,
  };
  return decision;
}

function payloadOf(flag: CompiledFlag, value: string | true): unknown {
  const raw = flag.payloads?.[value === true ? 'true' : value];
  return raw === undefined || raw === null || raw === '' || raw === false || raw === 0 ? null : parsePayload(raw);
}

/**
 * Up to this many flags, getAllFlags fills a copy of a prebuilt object; past it V8 keeps such
 * objects as dictionaries anyway and adding keys is faster (500 flags: 258 µs vs 418 µs).
 */
const FAST_TEMPLATE_MAX_KEYS = 100;

/**
 * The flags of a payload by position: flag `i` has key `keys[i]` and id `ids[i]` now, and its
 * definition when first asked for (parsed then, for a scanned payload).
 */
interface FlagTable {
  readonly keys: string[];
  readonly ids: ReadonlyArray<number | undefined>;
  /** Flag `i`'s definition; throws when its JSON is malformed. */
  definition(i: number): FlagDefinition;
}

/** How a definitions payload is compiled. @internal */
export interface CompileOptions {
  /** Epoch ms when the definitions were loaded. */
  loadedAt: number;
  /**
   * Only flags tagged (`evaluation_contexts`, formerly `evaluation_tags`) with one of these, or not
   * tagged, are kept; a flag that depends on one left out sees it as `false` (as the server does).
   */
  evaluationContexts?: readonly string[];
}

/** Compiles a definitions payload. Malformed flags evaluate as undecided; nothing here throws. @internal */
export function compileFlagSet(payload: DefinitionsPayload, options: CompileOptions): CompiledFlagSet {
  const keys: string[] = [];
  const ids: Array<number | undefined> = [];
  const definitions: FlagDefinition[] = [];
  if (Array.isArray(payload?.flags)) {
    for (const f of payload.flags) {
      if (f === null || typeof f !== 'object' || typeof f.key !== 'string' || f.key === '') continue;
      keys.push(f.key);
      ids.push(typeof f.id === 'number' ? f.id : undefined);
      definitions.push(f);
    }
  }
  return compileEntries({ keys, ids, definition: (i) => definitions[i] }, payload ?? {}, options);
}

/**
 * Compiles a definitions payload straight from its JSON text, parsing each flag only when it is
 * first used (see {@link scanDefinitions}). `undefined` when the text is not a definitions payload.
 * @internal
 */
export function compileFlagSetFromJson(text: string, options: CompileOptions): CompiledFlagSet | undefined {
  const scanned = scanDefinitions(text);
  if (scanned === undefined) return undefined;
  const { spans } = scanned;
  const definition = (i: number) => JSON.parse(text.slice(spans[2 * i], spans[2 * i + 1])) as FlagDefinition;
  return compileEntries({ keys: scanned.keys, ids: scanned.ids, definition }, scanned.rest, options);
}

/**
 * Positions of the flags tagged (`evaluation_contexts`, formerly `evaluation_tags`) for one of
 * `contexts`, or untagged (`undefined`: all of them), and the keys of the others.
 */
function byEvaluationContext(table: FlagTable, contexts: readonly string[] | undefined): { kept: number[] | undefined; left: Set<string> } {
  const left = new Set<string>();
  if (contexts === undefined || contexts.length === 0) return { kept: undefined, left };
  const wanted = new Set(contexts);
  const kept: number[] = [];
  for (let i = 0; i < table.keys.length; i++) {
    let tags: unknown;
    try {
      const definition = table.definition(i) as FlagDefinition & { evaluation_tags?: unknown };
      tags = definition?.evaluation_contexts ?? definition?.evaluation_tags;
    } catch {
      kept.push(i); // a malformed definition stays, and evaluates as undecided
      continue;
    }
    if (!Array.isArray(tags) || tags.length === 0 || tags.some((tag) => wanted.has(tag))) kept.push(i);
    else left.add(table.keys[i]);
  }
  return { kept, left };
}

function compileEntries(table: FlagTable, payload: Omit<DefinitionsPayload, 'flags'>, options: CompileOptions): CompiledFlagSet {
  const { kept, left: leftOut } = byEvaluationContext(table, options.evaluationContexts);
  // `undefined` when the payload has no mapping at all: then no group condition can be decided here.
  const mapping = payload.group_type_mapping;
  const groupTypes: Record<string, string> | undefined = mapping !== null && typeof mapping === 'object' ? { ...mapping } : undefined;
  const rawCohorts = payload.cohorts ?? {};
  // Flags compile on first use, once per definitions version: loading stays a scan and an index.
  // A key names the position of its flag (the last of duplicates, as a parse keeps).
  const definitionsByKey = new Map<string, number>();
  /** Compiled flags by position, made on the first compile. */
  let compiledAt: Array<CompiledFlag | undefined> | undefined;
  // Flag dependencies may name a flag by id; that index is built the first time one does.
  let byId: Map<string, string> | undefined;
  const flagsById = (): Map<string, string> => {
    if (byId === undefined) {
      byId = new Map();
      for (const i of definitionsByKey.values()) {
        const id = table.ids[i];
        if (id !== undefined) byId.set(String(id), table.keys[i]);
      }
    }
    return byId;
  };
  const cohorts = new Map<string, Matcher>();
  const matchingVersion = typeof payload.property_matching_version === 'number' ? payload.property_matching_version : undefined;

  const compiledFlag = (i: number): CompiledFlag => {
    compiledAt ??= new Array<CompiledFlag | undefined>(table.keys.length);
    return (compiledAt[i] ??= compileOrStub(i));
  };
  const compiled = (key: string): CompiledFlag | undefined => {
    const i = definitionsByKey.get(key);
    return i === undefined ? undefined : compiledFlag(i);
  };

  /** A compiled flag's value; a flag that throws is undecided (ctx.note says why). */
  const run = (ctx: EvalContext, flag: CompiledFlag): LocalValue => {
    try {
      return flag.evaluate(ctx);
    } catch (error) {
      ctx.note = `evaluation failed: ${String(error)}`;
      return UNDECIDED;
    }
  };

  const evaluateFlag = (ctx: EvalContext, key: string): LocalValue => {
    const flag = compiled(key) ?? compiled(flagsById().get(key) ?? '');
    if (flag === undefined) return leftOut.has(key) ? false : UNDECIDED;
    return run(ctx, flag);
  };

  const env: FilterEnv = {
    matchingVersion,
    cohort(id) {
      let matcher = cohorts.get(id);
      if (matcher === undefined && Object.hasOwn(rawCohorts, id)) {
        matcher = compilePropertyGroup(rawCohorts[id], env);
        cohorts.set(id, matcher);
      }
      return matcher;
    },
    hasFlag: (key) => definitionsByKey.has(key) || flagsById().has(key) || leftOut.has(key),
    dependency(ctx, key) {
      const memo = (ctx.memo ??= new Map());
      const known = memo.get(key);
      if (known === IN_PROGRESS) {
        ctx.note = `flag "${key}" depends on itself`;
        return UNDECIDED;
      }
      if (known !== undefined) return known;
      memo.set(key, IN_PROGRESS);
      // A dependency must not overwrite the explanation of the flag that asked for it.
      const { code, conditionIndex, miss } = ctx;
      const value = evaluateFlag(ctx, key);
      ctx.code = code;
      ctx.conditionIndex = conditionIndex;
      ctx.miss = miss;
      memo.set(key, value);
      return value;
    },
  };

  const compileOrStub = (i: number): CompiledFlag => {
    try {
      return compileFlag(table.definition(i), groupTypes, env);
    } catch (error) {
      const note = `the definition is malformed (${String(error)})`;
      const evaluate = (ctx: EvalContext): LocalValue => {
        ctx.note = note;
        return UNDECIDED;
      };
      return { key: table.keys[i], id: table.ids[i], version: undefined, hasExperiment: undefined, payloads: undefined, evaluate };
    }
  };

  if (kept === undefined) for (let i = 0; i < table.keys.length; i++) definitionsByKey.set(table.keys[i], i);
  else for (const i of kept) definitionsByKey.set(table.keys[i], i);
  // Without duplicate keys or flags left out (what PostHog sends), the table is already the set, in order.
  const whole = kept === undefined && definitionsByKey.size === table.keys.length;
  const keys = whole ? table.keys : [...definitionsByKey.keys()];
  /** Positions of the flags of the set, in order; `undefined` for all of the table's. */
  const unique = whole ? undefined : [...definitionsByKey.values()];
  /** Every key set to `false`, built by JSON.parse so it has fast properties (see evaluateValues). */
  let valuesTemplate: Record<string, FlagValue> | undefined;

  const evaluateInContext = (ctx: EvalContext, key: string, evaluatedAt: number, withPayload?: boolean): FlagOutcome => {
    const flag = compiled(key);
    if (flag === undefined) return { kind: 'missing', key };
    return outcomeOf(flag, run(ctx, flag), ctx, evaluatedAt, withPayload);
  };

  return {
    keys,
    size: keys.length,
    minimalFlagCalledEvents: payload.minimal_flag_called_events === true,
    loadedAt: options.loadedAt,
    has: (key) => definitionsByKey.has(key),
    flag: compiled,
    definition(key) {
      const i = definitionsByKey.get(key);
      if (i === undefined) return undefined;
      try {
        return table.definition(i);
      } catch {
        return undefined;
      }
    },
    evaluate(key, subject, now = Date.now(), withPayload = true) {
      return evaluateInContext(new EvalContext(subject, now), key, now, withPayload);
    },
    evaluateValue(key, subject, now) {
      return definitionsByKey.has(key) ? evaluateFlag(new EvalContext(subject, now), key) : UNDECIDED;
    },
    evaluateAll(subject, wanted = keys, now = Date.now()) {
      const ctx = new EvalContext(subject, now);
      const out: FlagOutcome[] = new Array(wanted.length);
      for (let i = 0; i < wanted.length; i++) out[i] = evaluateInContext(ctx, wanted[i], now);
      return out;
    },
    evaluateValues(subject, wanted, now = Date.now()) {
      const ctx = new EvalContext(subject, now);
      const undecided: string[] = [];
      if (wanted !== undefined) {
        const values: Record<string, FlagValue> = {};
        for (const key of wanted) {
          const value = definitionsByKey.has(key) ? evaluateFlag(ctx, key) : UNDECIDED;
          if (value === UNDECIDED) undecided.push(key);
          else values[key] = value;
        }
        return { values, undecided };
      }
      // Every flag: walk them in order, no lookups by key. Up to FAST_TEMPLATE_MAX_KEYS flags, fill a
      // copy of an object that already has every key set to false: overwriting the keys that are not
      // false costs half of adding every key to an empty object.
      const prefilled = keys.length <= FAST_TEMPLATE_MAX_KEYS;
      if (prefilled) valuesTemplate ??= JSON.parse(JSON.stringify(Object.fromEntries(keys.map((key) => [key, false])))) as Record<string, FlagValue>;
      const values: Record<string, FlagValue> = prefilled ? { ...valuesTemplate } : {};
      for (let n = 0; n < keys.length; n++) {
        const value = run(ctx, compiledFlag(unique === undefined ? n : unique[n]));
        const key = keys[n];
        if (value === UNDECIDED) undecided.push(key);
        else if (value !== false || !prefilled) values[key] = value;
      }
      if (prefilled) for (const key of undecided) delete values[key];
      return { values, undecided };
    },
  };
}
