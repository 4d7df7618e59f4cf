import { type CharSet, compileCharSet } from './char-sets.js';
import type { AssertKind, Node } from './syntax.js';

/**
 * A Thompson NFA over character sets: `CHAR` consumes one character of its set, `SPLIT` forks,
 * `ASSERT` checks the characters around the position, `MATCH` accepts. Built backwards from the
 * parsed pattern, with counted repetitions expanded, within a size budget.
 * @internal
 */
export const CHAR = 0;
/** @internal */
export const SPLIT = 1;
/** @internal */
export const ASSERT = 2;
/** @internal */
export const MATCH = 3;

/** Assertion codes (the `arg` of an `ASSERT` state). @internal */
export const ASSERTS: Record<AssertKind, number> = { 'text-start': 0, 'text-end': 1, 'line-start': 2, 'line-end': 3, word: 4, 'not-word': 5 };

/** @internal */
export interface Nfa {
  readonly kind: Uint8Array;
  /** The set index of a `CHAR`, the assertion code of an `ASSERT`. */
  readonly arg: Int32Array;
  readonly out1: Int32Array;
  readonly out2: Int32Array;
  readonly start: number;
  readonly sets: readonly CharSet[];
  /** Every match starts at position 0 (`^` / `\A` first): the search need not restart further on. */
  readonly anchored: boolean;
  /** Assertion codes the pattern uses. */
  readonly asserts: ReadonlySet<number>;
}

class TooBig extends Error {}

/** What one copy of a Unicode class (`\w`, `\p{L}` …) counts toward the size budget. @internal */
export const UNICODE_CLASS_WEIGHT = 100;

function anchoredAtStart(node: Node): boolean {
  switch (node.t) {
    case 'assert':
      return node.kind === 'text-start';
    case 'cat': {
      const first = node.items.find((item) => item.t !== 'empty');
      return first !== undefined && anchoredAtStart(first);
    }
    case 'alt':
      return node.items.every(anchoredAtStart);
    case 'rep':
      return node.min > 0 && anchoredAtStart(node.node);
    default:
      return false;
  }
}

/**
 * Builds the NFA of a parsed pattern; `undefined` when it would be larger than `maxWeight`, where a
 * state weighs 1 and a Unicode class ({@link UNICODE_CLASS_WEIGHT}) more: the server compiles those to
 * large UTF-8 automata and rejects patterns past its size limit, so big ones are left to it.
 * @internal
 */
export function buildNfa(root: Node, maxWeight: number): Nfa | undefined {
  const kind: number[] = [];
  const arg: number[] = [];
  const out1: number[] = [];
  const out2: number[] = [];
  const sets: CharSet[] = [];
  const setIndex = new Map<string, number>();
  const asserts = new Set<number>();

  let weight = 0;
  const add = (k: number, a: number, o1: number, o2: number, extra = 0): number => {
    weight += 1 + extra;
    if (weight > maxWeight) throw new TooBig();
    kind.push(k);
    arg.push(a);
    out1.push(o1);
    out2.push(o2);
    return kind.length - 1;
  };

  /** The entry state of `node` followed by `next`. */
  const compile = (node: Node, next: number): number => {
    switch (node.t) {
      case 'empty':
        return next;
      case 'set': {
        const key = JSON.stringify(node.set);
        let index = setIndex.get(key);
        if (index === undefined) {
          index = sets.push(compileCharSet(node.set)) - 1;
          setIndex.set(key, index);
        }
        return add(CHAR, index, next, -1, node.set.props.length > 0 ? UNICODE_CLASS_WEIGHT : 0);
      }
      case 'assert': {
        const code = ASSERTS[node.kind];
        asserts.add(code);
        return add(ASSERT, code, next, -1);
      }
      case 'cat': {
        let state = next;
        for (let i = node.items.length - 1; i >= 0; i--) state = compile(node.items[i], state);
        return state;
      }
      case 'alt': {
        let state = compile(node.items[node.items.length - 1], next);
        for (let i = node.items.length - 2; i >= 0; i--) state = add(SPLIT, 0, compile(node.items[i], next), state);
        return state;
      }
      case 'rep': {
        let state = next;
        if (node.max === Number.POSITIVE_INFINITY) {
          const loop = add(SPLIT, 0, -1, next);
          out1[loop] = compile(node.node, loop);
          state = loop;
        } else {
          for (let i = node.min; i < node.max; i++) state = add(SPLIT, 0, compile(node.node, state), next);
        }
        for (let i = 0; i < node.min; i++) state = compile(node.node, state);
        return state;
      }
    }
  };

  try {
    const match = add(MATCH, 0, -1, -1);
    const start = compile(root, match);
    return {
      kind: Uint8Array.from(kind),
      arg: Int32Array.from(arg),
      out1: Int32Array.from(out1),
      out2: Int32Array.from(out2),
      start,
      sets,
      anchored: anchoredAtStart(root),
      asserts,
    };
  } catch (error) {
    if (error instanceof TooBig) return undefined;
    throw error;
  }
}
