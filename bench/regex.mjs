// regex / not_regex evaluation: posthog-ts's linear-time engine (lazy DFA over the Rust `regex`
// dialect) side by side with the path it replaced (the JavaScript RegExp behind a portable-subset
// check, copied below as it was), on ordinary patterns, plus the ReDoS case for both.
// Usage: node bench/regex.mjs [--quick] (after npm run build); npm run bench runs it too.
import { fileURLToPath } from 'node:url';
import { compileRegex, regexHaystack } from '../.build/tsc/flags/local/regex/rust-regex.js';
import { median } from './measure.mjs';

// ── the replaced path, kept here only: src/flags/local/regex-subset.ts before issue 8 ─────────────

const SIMPLE_ESCAPES = 'dDsSwWbBfnrtv';
const PUNCTUATION = /[\x20-\x2f:;=?@\x5b-\x60\x7b-\x7e]/;
const REPETITION = /^\{(\d+)(?:,(\d*))?\}/;
const HEX2 = /^[\da-fA-F]{2}$/;

function oldScan(pattern) {
  const classes = [];
  let classStart = -1;
  let previous = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch.charCodeAt(0) > 0x7f) return { why: 'non-ASCII pattern' };
    if (ch === '\\') {
      const next = pattern[++i];
      if (next === undefined) break;
      if (next === 'x') {
        if (!HEX2.test(pattern.slice(i + 1, i + 3))) return { why: 'malformed \\x escape' };
        i += 2;
      } else if (!SIMPLE_ESCAPES.includes(next) && !PUNCTUATION.test(next)) return { why: `escape \\${next}` };
      if (classStart === -1 && (next === 'b' || next === 'B')) return { why: 'word boundary' };
      previous = 'literal';
      continue;
    }
    if (classStart !== -1) {
      if (ch === '[') return { why: 'nested character class' };
      if (ch === ']') {
        const contentStart = classStart + (pattern[classStart + 1] === '^' ? 2 : 1);
        if (i === contentStart) return { why: 'empty character class' };
        classes.push(pattern.slice(classStart, i + 1));
        classStart = -1;
        previous = 'literal';
        continue;
      }
      const pair = pattern.slice(i, i + 2);
      if (pair === '&&' || pair === '--' || pair === '~~') return { why: 'class set operation' };
      continue;
    }
    if (ch === '[') {
      classStart = i;
      continue;
    }
    if (ch === '(' && pattern[i + 1] === '?') {
      if (pattern[i + 2] !== ':') return { why: 'group extension' };
      i += 2;
      previous = '(';
      continue;
    }
    if (ch === '{') {
      const rep = REPETITION.exec(pattern.slice(i));
      if (rep === null || previous === '' || previous === '|' || previous === '(') return { why: 'repetition' };
    } else if ('*+?}'.includes(ch) && (pattern[i + 1] === '+' || pattern[i + 1] === '{')) return { why: 'possessive or stacked quantifier' };
    if ('*+?{'.includes(ch) && (previous === '^' || previous === '$' || previous === 'empty group')) return { why: 'quantified anchor or empty group' };
    previous = ch === ')' && (previous === '(' || previous === 'empty group') ? 'empty group' : ch;
  }
  return { classes };
}

const NON_PORTABLE_INPUT = /[^\x00-\x0c\x0e-\x7f]/;

/** The old evaluation: true / false, or undefined where it asked the server. */
function oldCompile(pattern) {
  const scanned = oldScan(pattern);
  if ('why' in scanned) return undefined;
  const regex = new RegExp(pattern);
  return (actual) => {
    const text = String(actual);
    if (NON_PORTABLE_INPUT.test(text)) return undefined;
    return regex.test(text);
  };
}

/** The new evaluation; `dfaOnly` forces the lazy DFA (the engine of patterns V8 may not run). */
function newCompile(pattern, dfaOnly = false) {
  const compiled = compileRegex(pattern, dfaOnly);
  if (compiled.kind !== 'ok') return undefined;
  const evaluate = (actual) => {
    const text = regexHaystack(actual);
    return text === undefined ? undefined : compiled.matches(text);
  };
  evaluate.engine = compiled.engine;
  return evaluate;
}

// ── ordinary patterns ─────────────────────────────────────────────────────────────────────────────

const EMAILS = ['jane.doe@example.com', 'ops+alerts@posthog.com', 'bob@mail.example.co.uk', 'not-an-email', 'x@y', 'first.last.name@company-with-long-name.io'];
const URLS = ['https://www.example.com/pricing/enterprise', 'http://example.com/docs/getting-started?ref=nav', 'https://app.posthog.com/project/1/insights', '/relative/path', 'https://example.org/blog/2024/05/launch'];
const IDS = ['user-1', 'user-42', 'user-918273', 'admin', 'user-abc', 'team-7'];
const ROWS = [
  { label: 'email shape', pattern: '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$', inputs: EMAILS },
  { label: 'email domain', pattern: '@(posthog|example)\\.com$', inputs: EMAILS },
  { label: 'URL prefix', pattern: '^https?://(www\\.)?example\\.com/(pricing|docs)/', inputs: URLS },
  { label: 'URL contains', pattern: '/insights', inputs: URLS },
  { label: 'id prefix', pattern: '^user-\\d+$', inputs: IDS },
  { label: 'alternation', pattern: 'admin|owner|staff', inputs: IDS },
];

function nsPerEvaluation(evaluate, inputs, iterations) {
  let sink = 0;
  const run = (n) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) if (evaluate(inputs[i % inputs.length]) === true) sink++;
    return Number(process.hrtime.bigint() - start) / n;
  };
  run(iterations / 4);
  const result = median([run(iterations), run(iterations), run(iterations)]);
  return sink >= 0 ? result : result;
}

/** Seconds `fn` takes once. */
function seconds(fn) {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, s: Number(process.hrtime.bigint() - start) / 1e9 };
}

export async function regexBench({ quick = false } = {}) {
  const iterations = quick ? 200_000 : 1_000_000;
  console.log('\nregex / not_regex evaluation: linear-time engine vs the replaced JS RegExp path (ns per evaluation, lower is better)');
  const ratios = [];
  const dfaRatios = [];
  const fmt = (ns) => `${ns.toFixed(0).padStart(5)} ns`;
  for (const row of ROWS) {
    const before = oldCompile(row.pattern);
    const after = newCompile(row.pattern);
    for (const input of row.inputs) {
      if (before(input) !== after(input)) throw new Error(`${row.label}: engines disagree on ${input}`);
    }
    const dfa = newCompile(row.pattern, true);
    const oldNs = nsPerEvaluation(before, row.inputs, iterations);
    const newNs = nsPerEvaluation(after, row.inputs, iterations);
    const dfaNs = nsPerEvaluation(dfa, row.inputs, iterations);
    const ratio = oldNs / newNs;
    ratios.push(ratio);
    dfaRatios.push(oldNs / dfaNs);
    console.log(
      `  ${row.label.padEnd(14)} ${JSON.stringify(row.pattern).padEnd(48)} old ${fmt(oldNs)}   new ${fmt(newNs)} (${after.engine})   ratio ${ratio.toFixed(2)}x   ` +
        `DFA alone ${fmt(dfaNs)} (${(oldNs / dfaNs).toFixed(2)}x)`,
    );
  }
  const worst = Math.min(...ratios);
  console.log(`  ${worst >= 1 ? 'no pattern is slower than before' : 'SLOWER than before on some pattern'} (worst ratio ${worst.toFixed(2)}x, median ${median(ratios).toFixed(2)}x; the DFA alone: median ${median(dfaRatios).toFixed(2)}x)`);

  const pattern = '^(a+)+$';
  const longInput = `${'a'.repeat(100_000)}!`;
  const shortLength = quick ? 22 : 25;
  const shortInput = `${'a'.repeat(shortLength)}!`;
  const compiled = seconds(() => newCompile(pattern));
  const linear = seconds(() => compiled.value(longInput));
  const newShort = seconds(() => compiled.value(shortInput));
  const backtracking = seconds(() => oldCompile(pattern)(shortInput));
  console.log(
    `  ReDoS ${JSON.stringify(pattern)} (${compiled.value.engine}): new engine ${(linear.s * 1000).toFixed(1)} ms on 100,001 chars (${linear.value}), ` +
      `${(newShort.s * 1000).toFixed(3)} ms on ${shortLength + 1}; old path ${(backtracking.s * 1000).toFixed(0)} ms on ${shortLength + 1} chars (${backtracking.value}; it doubles with each extra char)`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await regexBench({ quick: process.argv.includes('--quick') });
