import { type Node, type SetSpec, WORD } from './syntax.js';

/**
 * The same pattern as a JavaScript RegExp (`u` mode, plus `i` when the pattern folds case), for
 * patterns V8 may run (see backtrack-bound.ts). Only what translates exactly is translated: `.` and
 * classes become explicit sets (JavaScript's `.` also stops at `\r`), multi-line anchors become
 * one-character look-arounds on `\n` alone; Unicode word boundaries (JavaScript's `\b` is ASCII-only),
 * case folding mixed with case-sensitive letters, and `\P{…}` under folding (JavaScript folds
 * after complementing, Rust before) are not translated: those patterns stay on the lazy DFA.
 * @internal
 */

/** Properties whose members' case variants are members too: negating them commutes with folding. */
const CASE_CLOSED = new Set(['\\p{Nd}', '\\p{White_Space}', WORD]);

const escapeCp = (cp: number): string => `\\u{${cp.toString(16)}}`;
const hasLetters = ([lo, hi]: [number, number]): boolean => hi > 127 || (lo <= 122 && hi >= 65 && !(hi < 97 && lo > 90));

function setSource(set: SetSpec, folding: boolean): string | undefined {
  // A set that does not fold inside a folding pattern must hold nothing with case variants.
  if (folding && !set.caseless && (set.props.length > 0 || set.ranges.some(hasLetters))) return undefined;
  const items = set.ranges.map(([lo, hi]) => (lo === hi ? escapeCp(lo) : `${escapeCp(lo)}-${escapeCp(hi)}`));
  for (const prop of set.props) {
    if (!prop.negated) items.push(prop.js);
    else if (folding && !CASE_CLOSED.has(prop.js)) return undefined;
    else if (prop.js === WORD) {
      // The complement of a union is not a union: only a lone `\W` translates (as a negated class).
      if (set.props.length !== 1 || set.ranges.length !== 0) return undefined;
      return `[${set.negated ? '' : '^'}${WORD}]`;
    } else items.push(prop.js.replace('\\p', '\\P'));
  }
  return `[${set.negated ? '^' : ''}${items.join('')}]`;
}

function source(node: Node, folding: boolean): string | undefined {
  switch (node.t) {
    case 'empty':
      return '(?:)';
    case 'set':
      return setSource(node.set, folding);
    case 'assert':
      if (node.kind === 'text-start') return '^';
      if (node.kind === 'text-end') return '$';
      if (node.kind === 'line-start') return '(?<![^\\n])';
      if (node.kind === 'line-end') return '(?![^\\n])';
      return undefined;
    case 'cat':
    case 'alt': {
      const parts: string[] = [];
      for (const item of node.items) {
        const part = source(item, folding);
        if (part === undefined) return undefined;
        parts.push(part);
      }
      return node.t === 'cat' ? parts.join('') : `(?:${parts.join('|')})`;
    }
    case 'rep': {
      const inner = source(node.node, folding);
      if (inner === undefined) return undefined;
      const { min, max } = node;
      const quantifier = max === Number.POSITIVE_INFINITY ? (min === 0 ? '*' : min === 1 ? '+' : `{${min},}`) : min === 0 && max === 1 ? '?' : `{${min},${max}}`;
      return `(?:${inner})${quantifier}`;
    }
  }
}

function folds(node: Node): boolean {
  switch (node.t) {
    case 'set':
      return node.set.caseless;
    case 'cat':
    case 'alt':
      return node.items.some(folds);
    case 'rep':
      return folds(node.node);
    default:
      return false;
  }
}

/** The pattern as an equivalent JavaScript RegExp, or `undefined` when it does not translate exactly. @internal */
export function toJsRegExp(node: Node): RegExp | undefined {
  const folding = folds(node);
  const text = source(node, folding);
  if (text === undefined) return undefined;
  try {
    return new RegExp(text, folding ? 'iu' : 'u');
  } catch {
    return undefined;
  }
}
