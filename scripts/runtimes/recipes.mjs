// Runs the Bun, Deno and Cloudflare Worker recipes of examples/ on their real runtimes against the
// recorder: POST /checkout with tracing headers, then the recipe's own way of sending (SIGTERM →
// shutdown on Bun and Deno; ctx.waitUntil on workerd). Passes when each answered the served flag
// and PostHog received `checkout started` as the header user, with the request's properties.
// Usage (from scripts/runtimes.sh): node scripts/runtimes/recipes.mjs <bun> <deno> <workerd> <port>
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRecorder } from '../../dist/esm/testing/index.js';

const [bun, deno, workerd, workerdPort = '18788'] = process.argv.slice(2);
const HEADERS = { 'x-posthog-distinct-id': 'recipe-user', 'x-posthog-session-id': 'recipe-session' };
const ENV = { POSTHOG_API_KEY: 'phc_recipe', PORT: '0' };

/** workerd embeds modules by paths relative to its config: the worker and the edge bundle go beside it. */
function workerdConfig(dir, host) {
  copyFileSync('examples/cloudflare-worker/worker.mjs', join(dir, 'worker.mjs'));
  copyFileSync('dist/esm/edge.js', join(dir, 'edge.js'));
  writeFileSync(join(dir, 'recipe.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker), (name = "loopback", network = (allow = ["public", "private", "local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${workerdPort}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.mjs", esModule = embed "worker.mjs"), (name = "posthog-ts/edge", esModule = embed "edge.js") ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
  globalOutbound = "loopback",
  bindings = [ (name = "POSTHOG_HOST", text = "${host}"), (name = "POSTHOG_API_KEY", text = "phc_recipe") ],
);`);
  return join(dir, 'recipe.capnp');
}

/** Starts the recipe and resolves with its URL: printed by Bun and Deno, the fixed port on workerd. */
function start(command, args, env) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

async function urlOf(running, fixedUrl) {
  for (let i = 0; i < 300; i++) {
    const printed = /listening on (\S+)/.exec(running.output());
    if (printed) return printed[1];
    if (fixedUrl) {
      const ready = await fetch(`${fixedUrl}/ready`).then(() => true, () => false);
      if (ready) return fixedUrl;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`did not start: ${running.output()}`);
}

async function runRecipe(name, launch, stopBy) {
  const recorder = await startRecorder({ flags: { 'checkout-flow': 'one-page' } });
  const dir = mkdtempSync(join(tmpdir(), "posthog-ts-recipe-"));
  const { command, args, env, fixedUrl } = launch(recorder.url, dir);
  const running = start(command, args, { ...ENV, ...env });
  try {
    const url = await urlOf(running, fixedUrl);
    const response = await fetch(`${url}/checkout`, { method: 'POST', headers: HEADERS });
    const body = await response.json();
    if (stopBy === 'signal') {
      running.child.kill('SIGTERM');
      const code = await running.exited;
      if (code !== 0) throw new Error(`exited with ${code}: ${running.output()}`);
    } else {
      await recorder.waitFor((r) => r.events.some((e) => e.event === 'checkout started'), { timeoutMs: 10_000 });
    }
    const event = recorder.events.find((e) => e.event === 'checkout started');
    const ok = body.flow === 'one-page' && event?.distinct_id === 'recipe-user' && event.properties.$session_id === 'recipe-session' && event.properties.$request_path === '/checkout';
    console.log(`${ok ? 'pass' : 'FAIL'} ${name}: answered ${JSON.stringify(body)}; received ${recorder.events.map((e) => `${e.event} as ${e.distinct_id}`).join(', ')}`);
    return ok;
  } catch (error) {
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  } finally {
    running.child.kill('SIGKILL');
    await recorder.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [
  await runRecipe('bun (examples/bun/server.mjs)', (host) => ({ command: bun, args: ['examples/bun/server.mjs'], env: { POSTHOG_HOST: host } }), 'signal'),
  await runRecipe('deno (examples/deno/server.mjs)', (host) => ({ command: deno, args: ['run', '--allow-net', '--allow-env', 'examples/deno/server.mjs'], env: { POSTHOG_HOST: host } }), 'signal'),
  await runRecipe('workerd (examples/cloudflare-worker/worker.mjs)', (host, dir) => ({
    command: workerd,
    args: ['serve', workerdConfig(dir, host)],
    fixedUrl: `http://127.0.0.1:${workerdPort}`,
  }), 'waitUntil'),
];
process.exit(results.every(Boolean) ? 0 : 1);
