// Builds of posthog-ts side by side on the "time to the last flag" window, and on their import: for
// comparing two versions of the build (an older dist/ copied aside, say) in one run. Each round
// first leaves the same random garbage for every build, as the bench row does (first-flag-child.mjs),
// then runs one fresh process per build, interleaved; prints median CPU ms of the import, of the
// window from new PostHog() to the last flag's value, and of the two together.
// Usage: node bench/first-flag-ab.mjs <rounds> <label>=<posthog-node | path of an ESM entry> ...
//   e.g. node bench/first-flag-ab.mjs 25 node=posthog-node old=/tmp/old/index.js new=dist/esm/index.js
// Set FLAGS=5000 for the 5,000-flag set. Pinned to CPU 0 where taskset exists.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { childJson, median, pinToOneCpu } from './measure.mjs';
import { garbageKbPerRound } from './seeded-random.mjs';

pinToOneCpu(fileURLToPath(import.meta.url));
const [rounds, ...specs] = process.argv.slice(2);
if (!(Number(rounds) > 0) || specs.length === 0) {
  console.error('usage: node bench/first-flag-ab.mjs <rounds> <label>=<posthog-node | path of an ESM entry> ...');
  process.exit(1);
}
const builds = specs.map((spec) => {
  const [label, target] = spec.split('=');
  return { label, target: target === 'posthog-node' ? target : pathToFileURL(resolve(target)).href, importMs: [], windowMs: [], totalMs: [] };
});
const child = fileURLToPath(new URL('./first-flag-child.mjs', import.meta.url));
const flags = process.env.FLAGS ?? '500';
const garbage = garbageKbPerRound(Number(flags), Number(rounds));
for (let round = 0; round < Number(rounds); round++) {
  for (const build of builds) {
    const { cpuMs, importMs } = childJson(child, [build.target, flags, garbage[round]]);
    build.importMs.push(importMs);
    build.windowMs.push(cpuMs);
    build.totalMs.push(importMs + cpuMs);
  }
}
const node = builds.find((b) => b.target === 'posthog-node');
console.log(`${flags} flags, ${rounds} interleaved rounds; median CPU ms${node ? '; ratio = posthog-node window / this window' : ''}`);
for (const b of builds) {
  const ratio = node ? `   ratio ${(median(node.windowMs) / median(b.windowMs)).toFixed(2)}x` : '';
  console.log(`${b.label.padEnd(16)} import ${median(b.importMs).toFixed(2).padStart(7)}   window ${median(b.windowMs).toFixed(2).padStart(6)}   both ${median(b.totalMs).toFixed(2).padStart(7)}${ratio}`);
}
