// posthog-ts side by side with posthog-node on the same work, in the same run. Prints ratios; the
// absolute numbers are printed only to show what the ratios are made of (this machine is noisy).
// Times are CPU time of the measuring process (all its threads), so another process's turn on the
// shared CPU is not counted; each row prints the one-line workload it measures.
// Usage: npm run bench [-- --runs 5] [-- --quick] [-- --only <text in a row's label>]
// (builds first, runs with --expose-gc, pins itself to CPU 0 with taskset; the sink of the end-to-end
// rows runs on CPU 1). With --runs N the whole table runs N times, each in a fresh process, and a
// summary prints each row's range and whether every target was met in every run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pinToOneCpu } from './measure.mjs';
import { printSummary } from './summary.mjs';

pinToOneCpu(fileURLToPath(import.meta.url));
if (typeof globalThis.gc !== 'function') {
  console.error('run with --expose-gc (npm run bench does)');
  process.exit(1);
}

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const runs = Number(arg('runs') ?? 1);
const passOn = process.argv.slice(2).filter((a, i, all) => a !== '--runs' && all[i - 1] !== '--runs');
const nodeVersion = JSON.parse(readFileSync(new URL('../node_modules/posthog-node/package.json', import.meta.url), 'utf8')).version;

console.log(
  `posthog-ts vs posthog-node ${nodeVersion} on Node.js ${process.version}, ${process.env.BENCH_PINNED === 'cpu0' ? 'pinned to CPU 0' : 'not pinned (taskset unavailable)'} of ${cpus().length}; ` +
    `${runs} run(s); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
);

/** One full table in a fresh process; its rows come back as the JSON of its last line. */
function runTable(index) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(new URL('./table.mjs', import.meta.url)), ...passOn], { stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        if (line.startsWith('{"rows"')) last = line;
        else console.log(line);
      }
    });
    child.on('exit', (code) => {
      if (code !== 0 || last === '') reject(new Error(`run ${index + 1} failed (exit ${code})`));
      else resolve({ ...JSON.parse(last), load: loadavg()[0] });
    });
  });
}

const results = [];
for (let i = 0; i < runs; i++) {
  if (runs > 1) console.log(`── run ${i + 1} of ${runs} (load average ${loadavg()[0].toFixed(1)}) ──`);
  results.push(await runTable(i));
  console.log('');
}
printSummary(results);
