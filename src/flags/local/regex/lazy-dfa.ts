import { wordChars } from './char-sets.js';
import { ASSERT, ASSERTS, CHAR, MATCH, type Nfa, SPLIT } from './nfa.js';

/**
 * Whether an NFA matches anywhere in a text, in one left-to-right pass: a DFA built lazily from the
 * NFA (subset construction on demand), its states cached per regex.
 *
 * Why this design: flag filters match short strings (emails, URLs, ids) many times over. Simulating
 * the NFA directly (Pike/Thompson) costs a set operation per character; a cached DFA state costs one
 * table lookup per character, which is what lets this stay level with V8's backtracking engine on
 * ordinary patterns while staying linear on hostile ones. Only existence is asked (`is_match`), so
 * greediness and capture priorities play no part and the search stops at the first match.
 *
 * Bounds: at most {@link MAX_STATES} cached states per regex; when full the cache is cleared and
 * filled again. Each character adds at most one state, and building a state costs O(NFA size), so a
 * search is O(pattern × input) whatever the pattern, cached or not. A search whose uncached work passes
 * {@link WORK_LIMIT} NFA steps gives up (`undefined`: the server decides) rather than block.
 *
 * Assertions (`^ $ \b \B`, multi-line forms) are checked while taking a transition, when the character
 * before (kept in the state's flags) and the character after (the one being read) are both known.
 * @internal
 */

const MAX_STATES = 512;
/** NFA steps a single search may spend building states (about a few tens of milliseconds). */
const WORK_LIMIT = 20_000_000;
const UNKNOWN = -1;
const MATCHED = -2;
const DEAD = -3;
const GAVE_UP = -4;

// Flags of the characters around a position: before it (kept in a state), after it (the next read).
const AT_START = 1;
const PREV_NL = 2;
const PREV_WORD = 4;
const AT_END = 8;
const NEXT_NL = 16;
const NEXT_WORD = 32;

interface ClassInfo {
  /** Membership of this class in each set of the NFA. */
  readonly members: Uint8Array;
  /** Flags after a character of this class is read. */
  readonly prev: number;
  /** Flags before a character of this class. */
  readonly next: number;
}

function holds(assertion: number, prev: number, next: number): boolean {
  switch (assertion) {
    case ASSERTS['text-start']:
      return (prev & AT_START) !== 0;
    case ASSERTS['text-end']:
      return (next & AT_END) !== 0;
    case ASSERTS['line-start']:
      return (prev & (AT_START | PREV_NL)) !== 0;
    case ASSERTS['line-end']:
      return (next & (AT_END | NEXT_NL)) !== 0;
    case ASSERTS.word:
      return ((prev & PREV_WORD) !== 0) !== ((next & NEXT_WORD) !== 0);
    default:
      return ((prev & PREV_WORD) !== 0) === ((next & NEXT_WORD) !== 0);
  }
}

/** @internal */
export class LazyDfa {
  private readonly usesNewline: boolean;
  private readonly usesWord: boolean;
  // Character classes: characters every set treats alike share a class.
  private readonly asciiClass = new Int32Array(128);
  private readonly classes: ClassInfo[] = [];
  private readonly classKeys = new Map<string, number>();
  private readonly cpClass = new Map<number, number>();
  // Cached states: NFA states waiting for a character, and the flags of the character before.
  private cores: Int32Array[] = [];
  private flags: number[] = [];
  private ends: number[] = [];
  private readonly keys = new Map<string, number>();
  private trans = new Int32Array(0);
  private classCap = 8;
  private stateCap = 0;
  // Scratch for closures.
  private readonly mark: Uint32Array;
  private generation = 0;
  private readonly stack: number[] = [];
  private readonly reached: number[] = [];
  private work = 0;
  private resets = 0;

  constructor(private readonly nfa: Nfa) {
    const { asserts } = nfa;
    this.usesNewline = asserts.has(ASSERTS['line-start']) || asserts.has(ASSERTS['line-end']);
    this.usesWord = asserts.has(ASSERTS.word) || asserts.has(ASSERTS['not-word']);
    this.mark = new Uint32Array(nfa.kind.length);
    const word = this.usesWord ? wordChars() : undefined;
    for (let cp = 0; cp < 128; cp++) {
      const members = Uint8Array.from(nfa.sets, (set) => set.ascii[cp]);
      this.asciiClass[cp] = this.classFor(members, cp === 10, word !== undefined && word.ascii[cp] === 1);
    }
    this.intern([], AT_START);
  }

  /** Whether the pattern matches somewhere in `text`; `undefined` when that cannot be told here. */
  matches(text: string): boolean | undefined {
    this.work = 0;
    const ascii = this.asciiClass;
    let trans = this.trans;
    let cap = this.classCap;
    let s = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      let k: number;
      if (c < 128) k = ascii[c];
      else {
        if (c >= 0xd800 && c < 0xe000) {
          const low = text.charCodeAt(i + 1);
          // A lone surrogate cannot reach the server as text.
          if (c >= 0xdc00 || !(low >= 0xdc00 && low < 0xe000)) return undefined;
          c = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
          i++;
        }
        k = this.classOf(c);
        trans = this.trans;
        cap = this.classCap;
      }
      let t = trans[s * cap + k];
      if (t < 0) {
        if (t === MATCHED) return true;
        if (t === DEAD) return false;
        t = this.step(s, k);
        if (t === MATCHED) return true;
        if (t === DEAD) return false;
        if (t === GAVE_UP) return undefined;
        trans = this.trans;
        cap = this.classCap;
      }
      s = t;
    }
    return this.matchesAtEnd(s);
  }

  private classFor(members: Uint8Array, newline: boolean, word: boolean): number {
    const nl = newline && this.usesNewline;
    const w = word && this.usesWord;
    const key = `${members.join('')}${nl ? 'n' : ''}${w ? 'w' : ''}`;
    let id = this.classKeys.get(key);
    if (id === undefined) {
      id = this.classes.length;
      this.classes.push({ members, prev: (nl ? PREV_NL : 0) | (w ? PREV_WORD : 0), next: (nl ? NEXT_NL : 0) | (w ? NEXT_WORD : 0) });
      this.classKeys.set(key, id);
      if (id >= this.classCap) this.resize(this.stateCap, this.classCap * 2);
    }
    return id;
  }

  /** The class of a code point above ASCII (cached; the cache is emptied when it grows large). */
  private classOf(cp: number): number {
    let id = this.cpClass.get(cp);
    if (id === undefined) {
      const ch = String.fromCodePoint(cp);
      const members = Uint8Array.from(this.nfa.sets, (set) => (set.has(cp, ch) ? 1 : 0));
      id = this.classFor(members, false, this.usesWord && wordChars().has(cp, ch));
      if (this.cpClass.size >= 4096) this.cpClass.clear();
      this.cpClass.set(cp, id);
    }
    return id;
  }

  private resize(stateCap: number, classCap: number): void {
    const next = new Int32Array(stateCap * classCap).fill(UNKNOWN);
    for (let s = 0; s < this.cores.length; s++) next.set(this.trans.subarray(s * this.classCap, (s + 1) * this.classCap), s * classCap);
    this.trans = next;
    this.stateCap = stateCap;
    this.classCap = classCap;
  }

  private intern(core: number[], flags: number): number {
    const key = `${flags}:${core.join(',')}`;
    const known = this.keys.get(key);
    if (known !== undefined) return known;
    if (this.cores.length >= MAX_STATES) {
      this.resets++;
      this.cores = [];
      this.flags = [];
      this.ends = [];
      this.keys.clear();
      this.trans.fill(UNKNOWN);
      this.intern([], AT_START);
    }
    const id = this.cores.length;
    if (id >= this.stateCap) this.resize(Math.max(8, this.stateCap * 2), this.classCap);
    this.cores.push(Int32Array.from(core));
    this.flags.push(flags);
    this.ends.push(0);
    this.keys.set(key, id);
    return id;
  }

  /**
   * Follows SPLIT and ASSERT edges from a state's NFA states plus the pattern start (when searching
   * unanchored, or at position 0), keeping the CHAR states reached in `reached`. True when MATCH is reached.
   */
  private closure(s: number, next: number): boolean {
    const { kind, arg, out1, out2 } = this.nfa;
    const prev = this.flags[s];
    const mark = this.mark;
    const gen = ++this.generation;
    const stack = this.stack;
    const reached = this.reached;
    reached.length = 0;
    const core = this.cores[s];
    for (let i = 0; i < core.length; i++) stack.push(core[i]);
    if (!this.nfa.anchored || (prev & AT_START) !== 0) stack.push(this.nfa.start);
    this.work += stack.length;
    while (stack.length > 0) {
      const n = stack.pop() as number;
      if (mark[n] === gen) continue;
      mark[n] = gen;
      this.work++;
      switch (kind[n]) {
        case CHAR:
          reached.push(n);
          break;
        case SPLIT:
          stack.push(out2[n], out1[n]);
          break;
        case ASSERT:
          if (holds(arg[n], prev, next)) stack.push(out1[n]);
          break;
        case MATCH:
          stack.length = 0;
          return true;
      }
    }
    return false;
  }

  /** Computes and caches the transition of state `s` on class `k`. */
  private step(s: number, k: number): number {
    const info = this.classes[k];
    const row = s * this.classCap + k;
    if (this.closure(s, info.next)) {
      this.trans[row] = MATCHED;
      return MATCHED;
    }
    if (this.work > WORK_LIMIT) return GAVE_UP;
    const { arg, out1 } = this.nfa;
    const targets: number[] = [];
    const gen = ++this.generation;
    for (const n of this.reached) {
      const target = out1[n];
      if (info.members[arg[n]] === 1 && this.mark[target] !== gen) {
        this.mark[target] = gen;
        targets.push(target);
      }
    }
    if (targets.length === 0 && this.nfa.anchored) {
      this.trans[row] = DEAD;
      return DEAD;
    }
    targets.sort((a, b) => a - b);
    const resets = this.resets;
    const t = this.intern(targets, info.prev);
    // A reset while interning invalidates `s`: its row is gone, so there is nothing to store.
    if (this.resets === resets) this.trans[row] = t;
    return t;
  }

  private matchesAtEnd(s: number): boolean {
    if (this.ends[s] === 0) this.ends[s] = this.closure(s, AT_END) ? 2 : 1;
    return this.ends[s] === 2;
  }
}
