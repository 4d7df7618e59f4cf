// The spool on another runtime (run by scripts/runtimes.sh for Bun and Deno, through the main
// `posthog-ts` entry): test/fixtures/spool-child.mjs runs under the command given as arguments,
// against the recorder on Node. 1) a process SIGKILLs itself after 100 captures while PostHog resets
// every request, and a second one recovers: all 100 must arrive; 2) a live process's spool is left
// alone by another one, and sent once it has been killed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRecorder } from '../../dist/esm/testing/index.js';

const [command, ...args] = process.argv.slice(2);
const fixture = new URL('../../test/fixtures/spool-child.mjs', import.meta.url).pathname;

function start(config) {
  const child = spawn(command, [...args, fixture, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  const ready = new Promise((resolve) => child.stdout.on('data', (chunk) => (out += chunk).includes('READY') && resolve()));
  const ended = new Promise((resolve) => child.on('close', () => resolve(out.split('\n').filter((l) => l.startsWith('R ')).map((l) => l.slice(2)))));
  return { child, ready, ended };
}

const recorder = await startRecorder();
const dir = mkdtempSync(join(tmpdir(), 'posthog-spool-check-'));
const received = () => new Set(recorder.events.map((e) => e.uuid));
let ok = true;
try {
  recorder.setFaultPolicy('batch', () => ({ kind: 'reset' }));
  const returned = await start({ url: recorder.url, dir, role: 'capture', events: 120, kill: { at: 'capture', n: 100 } }).ended;
  recorder.setFaultPolicy('batch', undefined);
  await start({ url: recorder.url, dir, role: 'recover' }).ended;
  const missing = returned.filter((uuid) => !received().has(uuid)).length;
  console.log(`killed after ${returned.length} captures, recovered by the next process: ${missing} missing`);
  ok &&= returned.length === 100 && missing === 0;

  recorder.reset();
  const idle = start({ url: 'http://127.0.0.1:1', dir, role: 'idle', events: 40 });
  await idle.ready;
  await start({ url: recorder.url, dir, role: 'recover' }).ended;
  const whileAlive = recorder.events.length;
  idle.child.kill('SIGKILL');
  const kept = await idle.ended;
  await start({ url: recorder.url, dir, role: 'recover' }).ended;
  console.log(`a live process's ${kept.length} events: ${whileAlive} taken while it lived, ${received().size} sent after it was killed`);
  ok &&= whileAlive === 0 && received().size === kept.length && recorder.duplicateEventCount() === 0;
} finally {
  await recorder.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(ok ? 'spool: ok' : 'spool: FAILED');
process.exitCode = ok ? 0 : 1;
