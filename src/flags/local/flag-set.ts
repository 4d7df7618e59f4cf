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

/** One flag of a payload: its key and id now, its definition (or JSON text to parse) when first needed. @internal */
export interface DefinitionEntry {
  key: string;
  id: number | undefined;
  /** The parsed definition, or */
  definition?: FlagDefinition;
  /** its JSON text, parsed on first use (a malformed one makes the flag undecided). */
  source?: string;
  /** Set on first use. */
  compiled?: CompiledFlag;
}

/** Compiles a definitions payload. Malformed flags evaluate as undecided; nothing here throws. @internal */
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

export function compileFlagSet(payload: DefinitionsPayload, options: CompileOptions): CompiledFlagSet {
  const entries: DefinitionEntry[] = [];
  if (Array.isArray(payload?.flags)) {
    for (const f of payload.flags) {
      if (f === null || typeof f !== 'object' || typeof f.key !== 'string' || f.key === '') continue;
      entries.push({ key: f.key, id: typeof f.id === 'number' ? f.id : undefined, definition: f });
    }
  }
  return compileEntries(entries, payload ?? {}, options);
}

/**
 * Compiles a definitions payload straight from its JSON text, parsing each flag only when it is
 * first used (see {@link scanDefinitions}). `undefined` when the text is not a definitions payload.
 * @internal
 */
export function compileFlagSetFromJson(text: string, options: CompileOptions): CompiledFlagSet | undefined {
  const scanned = scanDefinitions(text);
  return scanned === undefined ? undefined : compileEntries(scanned.flags, scanned.rest, options);
}

function definitionOf(entry: DefinitionEntry): FlagDefinition {
  return entry.definition ?? (JSON.parse(entry.source ?? 'null') as FlagDefinition);
}

/** Splits off the flags not tagged for any of `contexts` (untagged flags stay). */
function byEvaluationContext(entries: DefinitionEntry[], contexts: readonly string[] | undefined): { kept: DefinitionEntry[]; left: Set<string> } {
  const left = new Set<string>();
  if (contexts === undefined || contexts.length === 0) return { kept: entries, left };
  const wanted = new Set(contexts);
  const kept = entries.filter((entry) => {
    let tags: unknown;
    try {
      const definition = definitionOf(entry) as FlagDefinition & { evaluation_tags?: unknown };
      tags = definition?.evaluation_contexts ?? definition?.evaluation_tags;
    } catch {
      return true; // a malformed definition stays, and evaluates as undecided
    }
    if (!Array.isArray(tags) || tags.length === 0 || tags.some((tag) => wanted.has(tag))) return true;
    left.add(entry.key);
    return false;
  });
  return { kept, left };
}

function compileEntries(all: DefinitionEntry[], payload: Omit<DefinitionsPayload, 'flags'>, options: CompileOptions): CompiledFlagSet {
  const { kept: entries, left: leftOut } = byEvaluationContext(all, options.evaluationContexts);
  // `undefined` when the payload has no mapping at all: then no group condition can be decided here.
  const mapping = payload.group_type_mapping;
  const groupTypes: Record<string, string> | undefined = mapping !== null && typeof mapping === 'object' ? { ...mapping } : undefined;
  const rawCohorts = payload.cohorts ?? {};
  // Flags compile on first use, once per definitions version: loading stays a parse and an index.
  const definitionsByKey = new Map<string, DefinitionEntry>();
  // Flag dependencies may name a flag by id; that index is built the first time one does.
  let byId: Map<string, string> | undefined;
  const flagsById = (): Map<string, string> => {
    if (byId === undefined) {
      byId = new Map();
      for (const entry of entries) if (entry.id !== undefined) byId.set(String(entry.id), entry.key);
    }
    return byId;
  };
  const cohorts = new Map<string, Matcher>();
  const matchingVersion = typeof payload.property_matching_version === 'number' ? payload.property_matching_version : undefined;

  const compiled = (key: string): CompiledFlag | undefined => {
    const entry = definitionsByKey.get(key);
    if (entry === undefined) return undefined;
    entry.compiled ??= compileOrStub(entry);
    return entry.compiled;
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

  const compileOrStub = (entry: DefinitionEntry): CompiledFlag => {
    try {
      return compileFlag(definitionOf(entry), groupTypes, env);
    } catch (error) {
      const note = `the definition is malformed (${String(error)})`;
      const evaluate = (ctx: EvalContext): LocalValue => {
        ctx.note = note;
        return UNDECIDED;
      };
      return { key: entry.key, id: entry.id, version: undefined, hasExperiment: undefined, payloads: undefined, evaluate };
    }
  };

  for (let i = 0; i < entries.length; i++) definitionsByKey.set(entries[i].key, entries[i]);
  const keys = [...definitionsByKey.keys()];
  const unique = [...definitionsByKey.values()];
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
      const entry = definitionsByKey.get(key);
      if (entry === undefined) return undefined;
      try {
        return definitionOf(entry);
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
      // Every flag: walk the entries, no lookups by key. Up to FAST_TEMPLATE_MAX_KEYS flags, fill a
      // copy of an object that already has every key set to false: overwriting the keys that are not
      // false costs half of adding every key to an empty object.
      const prefilled = keys.length <= FAST_TEMPLATE_MAX_KEYS;
      if (prefilled) valuesTemplate ??= JSON.parse(JSON.stringify(Object.fromEntries(keys.map((key) => [key, false])))) as Record<string, FlagValue>;
      const values: Record<string, FlagValue> = prefilled ? { ...valuesTemplate } : {};
      for (const entry of unique) {
        const value = run(ctx, (entry.compiled ??= compileOrStub(entry)));
        if (value === UNDECIDED) undecided.push(entry.key);
        else if (value !== false || !prefilled) values[entry.key] = value;
      }
      if (prefilled) for (const key of undecided) delete values[key];
      return { values, undecided };
    },
  };
}
