// Timing and memory helpers shared by the benchmarks. Results are only ever compared within one run.
import { spawnSync } from 'node:child_process';

const now = () => process.hrtime.bigint();

/** Mean µs per call of `fn(i)` (sync or async), run in doubling batches for at least `minMs`. */
export async function microsPerCall(fn, minMs = 400) {
  let calls = 0;
  let batch = 16;
  const start = now();
  for (;;) {
    for (let k = 0; k < batch; k++) await fn(calls++);
    if (Number(now() - start) >= minMs * 1e6) break;
    batch *= 2;
  }
  return Number(now() - start) / calls / 1000;
}

/** CPU µs (user + system, all threads) used since `before` (a `process.cpuUsage()` value). */
const cpuSince = (before) => {
  const used = process.cpuUsage(before);
  return used.user + used.system;
};

/** Lets the event loop turn, as it does between a server's requests (timers, I/O, immediates run). */
export const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Mean CPU µs (all threads of the process) per call of `fn(i)` (sync or async), run in doubling
 * batches for at least `minMs` of CPU after as long a warm-up (the JIT compiles the hot path
 * there, for both SDKs alike); `after()` (a flush, say) runs at the end and is counted. The event
 * loop turns every `turnEvery` calls, so background work (batches leaving) happens as it would
 * between requests instead of piling up until the queue drops events. CPU time rather than wall
 * time: on a shared machine another process's turn on the CPU is not ours.
 */
export async function cpuMicrosPerCall(fn, minMs = 400, after = async () => {}, turnEvery = 100) {
  let calls = 0;
  const call = async () => {
    await fn(calls++);
    if (calls % turnEvery === 0) await turn();
  };
  const warm = process.cpuUsage();
  while (cpuSince(warm) < minMs * 1000) for (let k = 0; k < 64; k++) await call();
  await after();
  const measuredFrom = calls;
  let batch = 16;
  const before = process.cpuUsage();
  for (;;) {
    for (let k = 0; k < batch; k++) await call();
    if (cpuSince(before) >= minMs * 1000) break;
    batch *= 2;
  }
  await after();
  return { micros: cpuSince(before) / (calls - measuredFrom), calls };
}

/** CPU µs (all threads of the process) spent by `work()`, including what it awaits. */
export async function cpuMicros(work) {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Runs each contender `rounds` times, interleaved, and keeps the median of each. Each measurement
 * starts after a full collection (when `--expose-gc` is on), so that what one contender left on the
 * heap is not collected on the other's clock.
 */
export async function sideBySide(contenders, rounds, measure) {
  const results = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, contender] of Object.entries(contenders)) {
      globalThis.gc?.();
      results[name].push(await measure(contender, name));
    }
  }
  return Object.fromEntries(Object.entries(results).map(([name, values]) => [name, median(values)]));
}

/** Heap in use after a full collection (needs `--expose-gc`). */
export async function settledHeap() {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc?.();
  }
  return process.memoryUsage().heapUsed;
}

/** Runs `node script ...args` and returns the JSON object its last output line holds. */
export function childJson(script, args, env = {}) {
  const child = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`${script} ${args.join(' ')} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

/** Re-runs this script pinned to CPU 0 with `taskset` when it is available; returns true if it did. */
export function pinToOneCpu(script) {
  if (process.env.BENCH_PINNED !== undefined) return false;
  const probe = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  if (probe.error !== undefined) {
    process.env.BENCH_PINNED = 'unavailable';
    return false;
  }
  const result = spawnSync('taskset', ['-c', '0', process.execPath, ...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PINNED: 'cpu0' },
  });
  process.exit(result.status ?? 1);
}
