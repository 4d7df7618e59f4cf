import { CATEGORIES, type Flags, PERL, POSIX, SIMPLE_ESCAPES, type SetSpec, code, complement, isEscapablePunctuation } from './syntax.js';

/** A construct left to the server. @internal */
export class Unsupported extends Error {}
/** A pattern every parser rejects. @internal */
export class Invalid extends Error {}

/** The parser's position in the pattern, and the escape and class syntax it shares with it. @internal */
export class Cursor {
  protected readonly cps: number[];
  protected pos = 0;

  constructor(pattern: string) {
    this.cps = Array.from(pattern, code);
  }

  protected peek(offset = 0): number | undefined {
    return this.cps[this.pos + offset];
  }

  protected eat(c: number): boolean {
    if (this.cps[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  /** An escape that is one character (its code point) or a class (`\d`, `\p{L}` …). */
  escapeItem(ch: string): number | { js: string; negated: boolean } {
    const perl = PERL[ch];
    if (perl !== undefined) return perl;
    if (ch === 'p' || ch === 'P') return { js: `\\p{${this.category()}}`, negated: ch === 'P' };
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) return simple;
    if (ch === 'x') {
      const hex = String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 2));
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Unsupported('\\x escape');
      this.pos += 2;
      return Number.parseInt(hex, 16);
    }
    const c = code(ch);
    if (isEscapablePunctuation(c)) return c;
    throw new Unsupported(`escape \\${ch}`);
  }

  /** The general category after `\p` / `\P`: `\pL` or `\p{Letter}` (loose names). */
  private category(): string {
    let name: string;
    if (this.eat(123)) {
      const end = this.cps.indexOf(125, this.pos);
      if (end === -1) throw new Unsupported('\\p{');
      name = String.fromCodePoint(...this.cps.slice(this.pos, end));
      this.pos = end + 1;
    } else {
      const c = this.peek();
      if (c === undefined) throw new Unsupported('\\p');
      name = String.fromCodePoint(c);
      this.pos++;
    }
    const found = CATEGORIES[name.toLowerCase().replace(/[\s_-]/g, '')];
    if (found === undefined) throw new Unsupported(`Unicode class ${name}`);
    return found;
  }

  /** A bracketed class; the opening `[` is consumed. Nested classes and set operations are left to the server. */
  bracket(flags: Flags): SetSpec {
    const set: SetSpec = { negated: this.eat(94), ranges: [], props: [], caseless: flags.i };
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new Invalid('unclosed class');
      if (c === 93 && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === 91) {
        if (this.peek(1) !== 58) throw new Unsupported('nested class');
        set.ranges.push(...this.posix());
        continue;
      }
      const pair = this.peek(1);
      if ((c === 38 || c === 45 || c === 126) && pair === c) throw new Unsupported('class set operation');
      const start = this.classChar();
      if (typeof start !== 'number') {
        if (this.peek() === 45 && this.peek(1) !== 93) throw new Unsupported('class range');
        set.props.push(start);
        continue;
      }
      if (this.peek() === 45 && this.peek(1) !== 93 && this.peek(1) !== undefined) {
        this.pos++;
        const end = this.classChar();
        if (typeof end !== 'number' || end < start) throw new Unsupported('class range');
        set.ranges.push([start, end]);
      } else set.ranges.push([start, start]);
    }
    return set;
  }

  private classChar(): number | { js: string; negated: boolean } {
    const c = this.cps[this.pos++];
    if (c !== 92) return c;
    const next = this.peek();
    if (next === undefined) throw new Invalid('unclosed class');
    this.pos++;
    const ch = String.fromCodePoint(next);
    if (ch === 'b' || ch === 'B' || ch === 'A' || ch === 'z') throw new Unsupported(`\\${ch} in a class`);
    return this.escapeItem(ch);
  }

  /** `[:alpha:]` or `[:^alpha:]` inside a class. */
  private posix(): Array<[number, number]> {
    const end = this.cps.indexOf(93, this.pos);
    const text = end === -1 ? '' : String.fromCodePoint(...this.cps.slice(this.pos, end + 1));
    const match = /^\[:(\^?)([a-z]+):\]$/.exec(text);
    const ranges = match === null ? undefined : POSIX[match[2]];
    if (match === null || ranges === undefined) throw new Unsupported('nested class');
    this.pos = end + 1;
    return match[1] === '^' ? complement(ranges) : ranges;
  }
}
