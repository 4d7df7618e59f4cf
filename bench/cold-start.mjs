// Cold start: importing the Node.js entry and constructing a client, in a fresh process each time,
// posthog-ts and posthog-node interleaved. The time is taken inside the child from just before the
// dynamic import to just after the constructor returns, so node's own start-up is not counted; the
// ratio uses the child's CPU time (the machine is shared), the wall-clock time is kept beside it.
// Usage: node bench/cold-start.mjs (also run by `npm run bench`); RUNS=5 by default.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './measure.mjs';

const SPECIFIERS = { 'posthog-ts': 'posthog-ts', 'posthog-node': 'posthog-node' };

if (process.argv[2] === '--child') {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { PostHog } = await import(SPECIFIERS[process.argv[3]]);
  const client = new PostHog('phc_bench', { host: 'http://posthog.bench.invalid', flushInterval: 3_600_000 });
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ ms: (used.user + used.system) / 1000, wallMs, client: typeof client.capture }));
  process.exit(0);
}

/** Median CPU ms of import + construct per SDK over `runs` fresh processes each, interleaved. */
export function coldStart(runs = Number(process.env.RUNS ?? 5)) {
  const times = { 'posthog-ts': [], 'posthog-node': [] };
  for (let run = 0; run < runs; run++) {
    for (const name of Object.keys(times)) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`cold start of ${name} failed: ${child.stderr}`);
      times[name].push(JSON.parse(child.stdout).ms);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = coldStart();
  const ratio = result['posthog-node'] / result['posthog-ts'];
  console.log(`cold start, import + construct (fresh process, CPU ms, median of ${process.env.RUNS ?? 5} interleaved): posthog-ts ${result['posthog-ts'].toFixed(1)} ms   posthog-node ${result['posthog-node'].toFixed(1)} ms   ratio ${ratio.toFixed(2)}x (target ≥ 3x)`);
}
