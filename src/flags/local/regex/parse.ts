import { Cursor, Invalid, Unsupported } from './parse-escapes.js';
import { isAsciiLetter } from '../../../base/ascii.js';
import { type Flags, type Node, type Parsed, concat, isDigit, literal } from './syntax.js';

/**
 * A parser for the part of the Rust `regex` crate's syntax that posthog-ts runs itself. The flags
 * service compiles `regex` / `not_regex` patterns with `fancy_regex`, which hands every pattern
 * without look-around or backreferences to the `regex` crate (rust/feature-flags/src/properties/
 * property_matching.rs, `match_property`). Anything this parser is not sure both crates read the
 * same way is `unsupported`: the server decides those. Only mistakes every parser rejects
 * (unbalanced brackets, a quantifier with nothing to repeat) are `invalid`, which the server
 * answers `false` for both operators.
 * @internal
 */

/** Counted repetitions above this are left to the server (its compiled-size limit may reject them). */
const MAX_REPEAT = 1000;
/** Deeper nesting is left to the server (its parser stops at 250). */
const MAX_DEPTH = 200;

class Parser extends Cursor {
  private depth = 0;

  parse(): Node {
    const node = this.alternation({ i: false, m: false, s: false });
    if (this.pos < this.cps.length) throw new Invalid('unopened group');
    return node;
  }

  /** Branches until `)` or the end. A bare `(?flags)` changes the flags for the rest of the group. */
  private alternation(inherited: Flags): Node {
    if (++this.depth > MAX_DEPTH) throw new Unsupported('nesting');
    let flags = inherited;
    const branches: Node[] = [];
    let items: Node[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === 41 /* ) */) break;
      if (c === 124 /* | */) {
        this.pos++;
        branches.push(concat(items));
        items = [];
        continue;
      }
      const changed = this.flagGroup(flags);
      if (changed !== undefined) {
        flags = changed;
        continue;
      }
      const atom = this.atom(flags);
      items.push(this.quantified(atom));
    }
    branches.push(concat(items));
    this.depth--;
    return branches.length === 1 ? branches[0] : { t: 'alt', items: branches };
  }

  /** A bare `(?flags)`: the new flags; `undefined` when the next token is something else. */
  private flagGroup(flags: Flags): Flags | undefined {
    if (this.peek() !== 40 || this.peek(1) !== 63) return undefined;
    const start = this.pos;
    this.pos += 2;
    const parsed = this.flagList(flags);
    if (parsed !== undefined && this.eat(41)) return parsed;
    this.pos = start;
    return undefined;
  }

  /** Flag letters as in `(?i-s`; `undefined` (position unchanged) when the text is not a flag list. */
  private flagList(flags: Flags): Flags | undefined {
    const start = this.pos;
    const next = { ...flags };
    let on = true;
    let any = false;
    for (let c = this.peek(); c !== undefined; c = this.peek()) {
      const ch = String.fromCodePoint(c);
      if (ch === '-') {
        if (!on) throw new Unsupported('flags');
        on = false;
      } else if (ch === 'i' || ch === 'm' || ch === 's') {
        next[ch] = on;
        any = true;
      } else if (ch === 'U' || (ch === 'u' && on)) {
        any = true; // greediness and Unicode mode (on by default) change nothing about whether a match exists
      } else if (ch === ':' || ch === ')') {
        if (any) return next;
        break;
      } else if (ch === 'x' || ch === 'R' || ch === 'u') {
        throw new Unsupported(`flag ${on ? '' : '-'}${ch}`);
      } else break;
      this.pos++;
    }
    this.pos = start;
    return undefined;
  }

  private atom(flags: Flags): Node {
    const c = this.peek() as number;
    this.pos++;
    switch (c) {
      case 40: // (
        return this.group(flags);
      case 91: // [
        return { t: 'set', set: this.bracket(flags) };
      case 46: // .
        return { t: 'set', set: { negated: true, ranges: flags.s ? [] : [[10, 10]], props: [], caseless: false } };
      case 94: // ^
        return { t: 'assert', kind: flags.m ? 'line-start' : 'text-start' };
      case 36: // $
        return { t: 'assert', kind: flags.m ? 'line-end' : 'text-end' };
      case 92: // \
        return this.escape(flags);
      case 42:
      case 43:
      case 63: // * + ?
        throw new Invalid('a quantifier with nothing to repeat');
      case 123:
      case 125:
      case 93: // { } ]
        throw new Unsupported('a bare bracket');
      default:
        return literal(c, flags);
    }
  }

  private group(flags: Flags): Node {
    let inner = flags;
    if (this.eat(63 /* ? */)) {
      if (this.eat(58 /* : */)) {
        // non-capturing
      } else if (this.peek() === 80 && this.peek(1) === 60) {
        this.pos += 2;
        this.groupName();
      } else if (this.peek() === 60 && this.peek(1) !== 61 && this.peek(1) !== 33) {
        this.pos++;
        this.groupName();
      } else {
        const scoped = this.flagList(flags);
        if (scoped === undefined || !this.eat(58)) throw new Unsupported('look-around, atomic groups and other group extensions');
        inner = scoped;
      }
    }
    const node = this.alternation(inner);
    if (!this.eat(41)) throw new Invalid('unclosed group');
    return node;
  }

  private groupName(): void {
    const start = this.pos;
    while (this.peek() !== undefined && this.peek() !== 62) {
      const c = this.peek() as number;
      if (!(isAsciiLetter(c) || isDigit(c) || c === 95)) throw new Unsupported('group name');
      this.pos++;
    }
    if (this.pos === start || isDigit(this.cps[start]) || !this.eat(62)) throw new Unsupported('group name');
  }

  /** A quantifier after `atom`, if any. Stacked or possessive quantifiers are left to the server. */
  private quantified(atom: Node): Node {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === 42) [min, max] = [0, Number.POSITIVE_INFINITY];
    else if (c === 43) [min, max] = [1, Number.POSITIVE_INFINITY];
    else if (c === 63) [min, max] = [0, 1];
    else if (c === 123) [min, max] = this.counted();
    else return atom;
    if (c !== 123) this.pos++;
    if (atom.t === 'assert' || atom.t === 'empty') throw new Unsupported('a repeated assertion or empty group');
    this.eat(63); // lazy: the same matches exist
    const after = this.peek();
    if (after === 42 || after === 43 || after === 63 || after === 123) throw new Unsupported('stacked or possessive quantifier');
    return { t: 'rep', node: atom, min, max };
  }

  private counted(): [number, number] {
    this.pos++;
    const min = this.number();
    let max = min;
    if (this.eat(44 /* , */)) max = isDigit(this.peek()) ? this.number() : Number.POSITIVE_INFINITY;
    if (!this.eat(125) || Number.isNaN(min) || Number.isNaN(max) || max < min) throw new Unsupported('repetition');
    if (min > MAX_REPEAT || (max !== Number.POSITIVE_INFINITY && max > MAX_REPEAT)) throw new Unsupported('a large repetition');
    return [min, max];
  }

  private number(): number {
    let text = '';
    while (isDigit(this.peek())) text += String.fromCodePoint(this.cps[this.pos++]);
    return text === '' || text.length > 6 ? Number.NaN : Number(text);
  }

  private escape(flags: Flags): Node {
    const c = this.peek();
    if (c === undefined) throw new Invalid('a trailing backslash');
    this.pos++;
    const ch = String.fromCodePoint(c);
    if (ch === 'b' && this.peek() === 123) throw new Unsupported('\\b{…}');
    if (ch === 'b') return { t: 'assert', kind: 'word' };
    if (ch === 'B') return { t: 'assert', kind: 'not-word' };
    if (ch === 'A') return { t: 'assert', kind: 'text-start' };
    if (ch === 'z') return { t: 'assert', kind: 'text-end' };
    const item = this.escapeItem(ch);
    if (typeof item === 'number') return literal(item, flags);
    return { t: 'set', set: { negated: false, ranges: [], props: [item], caseless: flags.i } };
  }

}

/** Parses a pattern of the Rust `regex` dialect. Never throws. @internal */
export function parseRustRegex(pattern: string): Parsed {
  try {
    return { node: new Parser(pattern).parse() };
  } catch (error) {
    if (error instanceof Invalid) return { invalid: error.message };
    if (error instanceof Unsupported) return { unsupported: error.message };
    return { unsupported: String(error) };
  }
}
