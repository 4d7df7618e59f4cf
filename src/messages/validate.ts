import { PostHogValidationError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';

/**
 * Checks a required id or name: a non-empty string after trimming (numbers are stringified, since the
 * wire wants strings). Returns the value to send. @internal
 */
export function requireText(value: unknown, field: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    throw new PostHogValidationError(field, value === undefined || value === null ? 'is required' : `must be a string, got ${typeof value}`);
  }
  if (value.trim() === '') throw new PostHogValidationError(field, 'must not be empty');
  return value;
}

/**
 * The one rule for a distinct id, shared by captures and flag calls: a string that is not blank is
 * used as given; a finite number is stringified (as posthog-node does, since the wire wants
 * strings); anything else is no id. @internal
 */
export function readDistinctId(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Checks that `value` is a plain properties object (or absent). @internal */
export function requireObject(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new PostHogValidationError(field, `must be an object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Deepest nesting accepted inside an event's properties. PostHog's capture server parses bodies with
 * serde_json, whose default recursion limit is 128 levels (the envelope takes four), so a deeper
 * event would make the server refuse its whole batch; walking it would also cost time quadratic in
 * its depth. @internal
 */
export const MAX_NESTING_DEPTH = 100;

/**
 * The bytes an event may still take, counted from below while its values are walked: each string
 * costs at least its length (every UTF-16 unit is one or more UTF-8 bytes), each member its key and
 * punctuation. Crossing the limit stops the walk there, so a 10 MB string or a million keys is
 * refused after reading only what it takes to prove the event too large, before anything is
 * copied or serialised. @internal
 */
export interface SizeBudget {
  /** Bytes left; below zero the event is too large. */
  remaining: number;
  readonly limit: number;
  /**
   * Property keys not to count: values the SDK overwrites or the lane's wire format moves or drops,
   * which the caller's value therefore cannot make larger. They apply to the members of objects
   * `uncountedDepth` levels down (1: the walked object itself; 2: its children, e.g. an event's
   * `properties`).
   */
  readonly uncounted?: ReadonlySet<string>;
  readonly uncountedDepth?: number;
  /** The event's name, for the message. */
  readonly event?: string;
}

/**
 * Finds the first value JSON cannot carry faithfully: a BigInt, a function or a symbol
 * (JSON.stringify throws on the first and silently drops the others, which would send an event that
 * differs from what the caller wrote), nesting deeper than {@link MAX_NESTING_DEPTH}, and, with a
 * `budget`, the first value that makes the event too large. Throws a validation error naming the
 * path. A cycle does not: as posthog-node, the event is kept with `"[Circular]"` in place of the
 * repeated object (see {@link replaceCycles}); the path of the first cycle is returned so the caller
 * can warn. Walks only objects and arrays, so flat properties cost one typeof per key.
 * @internal
 */
export function assertSerializable(value: unknown, path: string, budget?: SizeBudget): string | undefined {
  const trail: Trail = { root: path, keys: [], cycle: undefined };
  walk(value, trail, [], budget);
  return trail.cycle;
}

/** A budget for an event of at most `limit` bytes, minus what is already known to be in it. @internal */
export function sizeBudget(limit: number, alreadyUsed: number, options: Omit<SizeBudget, 'remaining' | 'limit'> = {}): SizeBudget {
  // Fields written out (not spread): one shape for every budget, and no copy loop per event.
  return { remaining: limit - alreadyUsed, limit, uncounted: options.uncounted, uncountedDepth: options.uncountedDepth, event: options.event };
}

/**
 * Where a walk is: the keys (object members) and indexes (array items) from the root to the value
 * being looked at. The path text is written only for an error or a cycle, so walking a valid
 * event allocates no path strings.
 */
interface Trail {
  readonly root: string;
  readonly keys: Array<string | number>;
  /** The path of the first cycle met, if any. */
  cycle: string | undefined;
}

/** The trail's path, e.g. `properties.items[2].name`. */
function pathOf(trail: Trail): string {
  let path = trail.root;
  for (const key of trail.keys) path += typeof key === 'number' ? `[${key}]` : `.${key}`;
  return path;
}

function spend(budget: SizeBudget | undefined, bytes: number, trail: Trail): void {
  if (budget === undefined) return;
  budget.remaining -= bytes;
  if (budget.remaining < 0) {
    const which = typeof budget.event === 'string' ? `event "${excerpt(budget.event)}"` : 'the event';
    throw new PostHogValidationError(pathOf(trail), `makes ${which} at least ${budget.limit - budget.remaining} bytes, over the ${budget.limit}-byte limit of one event`);
  }
}

/** The fewest bytes JSON needs for a value that is not an object or array. */
function leafBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'boolean':
      return value ? 4 : 5;
    default:
      return 1;
  }
}

function walk(value: unknown, trail: Trail, stack: object[], budget: SizeBudget | undefined): void {
  switch (typeof value) {
    case 'bigint':
      throw new PostHogValidationError(pathOf(trail), 'is a BigInt, which JSON cannot carry (convert it to a string or number)');
    case 'function':
      throw new PostHogValidationError(pathOf(trail), 'is a function, which cannot be sent');
    case 'symbol':
      throw new PostHogValidationError(pathOf(trail), 'is a symbol, which cannot be sent');
    case 'object': {
      if (value === null || value instanceof Date) {
        spend(budget, 4, trail); // an invalid Date is `null` too
        return;
      }
      // Whatever toJSON returns is not known before serialising: counted as nothing.
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return;
      if (stack.includes(value)) {
        trail.cycle ??= pathOf(trail);
        spend(budget, '"[Circular]"'.length, trail);
        return;
      }
      if (stack.length >= MAX_NESTING_DEPTH) throw new PostHogValidationError(pathOf(trail), `is nested deeper than ${MAX_NESTING_DEPTH} levels`);
      spend(budget, 1, trail);
      stack.push(value);
      const { keys } = trail;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          keys.push(i);
          // The comma; an undefined item becomes `null`, counted as nothing more.
          spend(budget, 1, trail);
          walk(value[i], trail, stack, budget);
          keys.pop();
        }
      } else {
        const skip = budget !== undefined && stack.length === budget.uncountedDepth ? budget.uncounted : undefined;
        for (const key in value) {
          if (!Object.hasOwn(value, key)) continue;
          const item = (value as Record<string, unknown>)[key];
          if (item === undefined) continue; // JSON leaves the member out
          keys.push(key);
          // A top-level `__proto__` member is swallowed by Object.assign and never sent.
          const counted = skip === undefined || !(skip.has(key) || key === '__proto__') ? budget : undefined;
          spend(counted, key.length + 4, trail);
          walk(item, trail, stack, counted);
          keys.pop();
        }
      }
      stack.pop();
      return;
    }
    case 'undefined':
      return;
    default:
      spend(budget, leafBytes(value), trail);
  }
}

/** The marker sent in place of an object that refers back to one of its ancestors (as posthog-node). */
export const CIRCULAR_MARKER = '[Circular]';

/**
 * A copy of `value` in which every reference back to an ancestor is replaced by `"[Circular]"`;
 * shared (non-cyclic) references are kept. Only called once a cycle was found. @internal
 */
export function replaceCycles<T>(value: T): T {
  const ancestors: object[] = [];
  const copy = (item: unknown): unknown => {
    if (item === null || typeof item !== 'object' || item instanceof Date) return item;
    if (typeof (item as { toJSON?: unknown }).toJSON === 'function') return item;
    if (ancestors.includes(item)) return CIRCULAR_MARKER;
    ancestors.push(item);
    let out: unknown;
    if (Array.isArray(item)) out = item.map(copy);
    else {
      const record: Record<string, unknown> = {};
      for (const key in item) if (Object.hasOwn(item, key)) record[key] = copy((item as Record<string, unknown>)[key]);
      out = record;
    }
    ancestors.pop();
    return out;
  };
  return copy(value) as T;
}

/** UTF-8 byte length of a string without allocating. @internal */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // surrogate pair: 2 units → 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}
