// One deterministic PRNG for the benches, so every run and both SDKs face the same inputs and odds.

/** A small deterministic PRNG (mulberry32). */
export function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * KB of short-lived garbage each round of a "time to the last flag" comparison leaves before its
 * clock (bench/first-flag-child.mjs): 0–8 MB, the same sequence for every run of `count` flags.
 */
export function garbageKbPerRound(count, rounds) {
  const next = random(count);
  return Array.from({ length: rounds }, () => String(Math.floor(next() * 8192)));
}
