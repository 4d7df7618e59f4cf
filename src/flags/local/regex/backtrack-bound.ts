import { ASSERT, CHAR, MATCH, type Nfa, SPLIT } from './nfa.js';

/**
 * Whether a backtracking engine (V8's) is provably linear on a pattern, so posthog-ts may hand the
 * pattern to it: V8 runs ordinary patterns in native code several times faster than any JavaScript
 * loop, and the lazy DFA stays the engine for everything else.
 *
 * A backtracking matcher explores every path of the NFA that reads a prefix of the input. If no word
 * is read by more than {@link MAX_PATHS} paths (counting every state as accepting, since failing
 * paths cost as much as succeeding ones), an attempt from one start position visits at most
 * MAX_PATHS × (input length + 1) path ends: linear. That is checked by exploring the reachable sets
 * of NFA positions *with their path counts* over the pattern's character classes (characters above
 * ASCII lumped into one class that every set which may hold one accepts — an over-count, so safe).
 * Exponential (`(a+)+`) and polynomial (`a*a*`) ambiguity make the counts grow and fail the check.
 *
 * A search starts at every position unless the pattern is anchored at the start, so an unanchored
 * pattern also needs a bounded match length (no loop), or `[a-z]+@` would cost n² on "aaaa…".
 * Empty loops (ε-cycles) are refused outright.
 * @internal
 */

/** Most paths that may read the same prefix. */
const MAX_PATHS = 8;
/** Most count vectors explored before giving up on the proof. */
const MAX_VECTORS = 2000;
/** Positions (CHAR states) above which the proof is not attempted. */
const MAX_POSITIONS = 96;

type Counts = Map<number, number>;

/** Whether V8's backtracking engine runs this NFA in linear time. @internal */
export function backtrackingIsLinear(nfa: Nfa): boolean {
  const { kind, out1, out2, sets } = nfa;
  const positions: number[] = [];
  for (let n = 0; n < kind.length; n++) if (kind[n] === CHAR) positions.push(n);
  if (positions.length > MAX_POSITIONS) return false;

  // ε-paths from an NFA state to the CHAR states (and MATCH) they reach, with multiplicity. The
  // ε-graph must be acyclic; assertions are assumed to hold (over-counting is safe).
  const memo = new Map<number, Counts>();
  const visiting = new Set<number>();
  const reach = (n: number): Counts | undefined => {
    const known = memo.get(n);
    if (known !== undefined) return known;
    if (visiting.has(n)) return undefined;
    const out: Counts = new Map();
    if (kind[n] === CHAR || kind[n] === MATCH) out.set(n, 1);
    else {
      visiting.add(n);
      const targets = kind[n] === SPLIT ? [out1[n], out2[n]] : kind[n] === ASSERT ? [out1[n]] : [];
      for (const t of targets) {
        const sub = reach(t);
        if (sub === undefined) return undefined;
        for (const [k, v] of sub) out.set(k, Math.min((out.get(k) ?? 0) + v, MAX_PATHS + 1));
      }
      visiting.delete(n);
    }
    memo.set(n, out);
    return out;
  };
  const start = reach(nfa.start);
  if (start === undefined || [...start.values()].reduce((a, b) => a + b, 0) > MAX_PATHS) return false;
  const after = new Map<number, Counts>();
  for (const p of positions) {
    const next = reach(out1[p]);
    if (next === undefined) return false;
    after.set(p, next);
  }

  // Unanchored searches restart everywhere: the pattern must not loop.
  if (!nfa.anchored && hasLoop(positions, after)) return false;

  // Character classes: ASCII code points grouped by the sets holding them, plus one class for
  // everything above ASCII, held by every set that may hold such a character.
  const classes: Uint8Array[] = [];
  const seen = new Set<string>();
  for (let cp = 0; cp < 128; cp++) {
    const members = Uint8Array.from(sets, (set) => set.ascii[cp]);
    const key = members.join('');
    if (!seen.has(key)) {
      seen.add(key);
      classes.push(members);
    }
  }
  classes.push(Uint8Array.from(sets, (set) => (set.asciiOnly ? 0 : 1)));

  const { arg } = nfa;
  const keyOf = (counts: Counts): string => [...counts].sort((a, b) => a[0] - b[0]).join(';');
  const explored = new Set<string>();
  const queue: Counts[] = [start];
  explored.add(keyOf(start));
  while (queue.length > 0) {
    const counts = queue.shift() as Counts;
    for (const members of classes) {
      const next: Counts = new Map();
      let total = 0;
      for (const [p, c] of counts) {
        if (kind[p] !== CHAR || members[arg[p]] !== 1) continue;
        for (const [q, m] of after.get(p) as Counts) {
          const add = c * m;
          next.set(q, Math.min((next.get(q) ?? 0) + add, MAX_PATHS + 1));
          total += add;
        }
      }
      if (total > MAX_PATHS) return false;
      if (next.size === 0) continue;
      const key = keyOf(next);
      if (explored.has(key)) continue;
      if (explored.size >= MAX_VECTORS) return false;
      explored.add(key);
      queue.push(next);
    }
  }
  return true;
}

/** Whether some position can reach itself. */
function hasLoop(positions: number[], after: Map<number, Counts>): boolean {
  const state = new Map<number, number>(); // 1: on the stack, 2: done
  const visit = (p: number): boolean => {
    state.set(p, 1);
    for (const q of (after.get(p) as Counts).keys()) {
      if (!after.has(q)) continue;
      const s = state.get(q);
      if (s === 1 || (s === undefined && visit(q))) return true;
    }
    state.set(p, 2);
    return false;
  };
  return positions.some((p) => state.get(p) === undefined && visit(p));
}
