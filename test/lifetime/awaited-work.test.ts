// Issue 9 part 1: a promise the SDK hands to its caller keeps Node.js alive until it settles by its
// own deadline, and nothing is left holding the process once the client is shut down. Each case is
// a child process awaiting one public async method against a PostHog that cannot answer.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Recorder, type Route, startRecorder } from '../../src/testing/index.js';

/** What each method is documented to resolve to when PostHog cannot answer. */
const DOCUMENTED: Record<string, unknown> = {
  flush: '<undefined>',
  shutdown: '<undefined>',
  getFeatureFlag: '<undefined>',
  isFeatureEnabled: '<undefined>',
  getFeatureFlagPayload: '<undefined>',
  getFeatureFlagResult: '<undefined>',
  getAllFlags: {},
  getAllFlagsAndPayloads: { featureFlags: {}, featureFlagPayloads: {} },
  evaluateFlags: [],
  waitForLocalEvaluationReady: false,
  reloadFeatureFlags: '<undefined>',
  captureLog: '<undefined>',
  withSpan: 'done',
  'edge:waitUntil': 2,
  'edge:getFeatureFlag': '<undefined>',
  // posthog-node's members (issue 10): sent at once, resolved by their deadline.
  captureImmediate: '<undefined>',
  identifyImmediate: '<undefined>',
  aliasImmediate: '<undefined>',
  groupIdentifyImmediate: '<undefined>',
  captureAiImmediate: 'string',
  captureExceptionImmediate: '<undefined>',
  getRemoteConfigPayload: '<undefined>',
  'metrics.flush': '<undefined>',
  'emails.send': 'no data',
};

/** Runs of each case; a race between the awaited work and an emptied loop shows up as a red test. */
const RUNS = 20;
const ROUTES: Route[] = ['batch', 'capture_v1', 'ai', 'flags', 'definitions', 'logs', 'traces', 'other'];
const fixture = join(process.cwd(), 'test', 'fixtures', 'await-public-method.mjs');

/** A loopback port nobody listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function runChild(url: string, method: string): Promise<{ code: number | null; lines: Array<{ run: number; result: unknown; active: string[] }>; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fixture, url, method, String(RUNS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // 'close', not 'exit': stdout may still hold unread lines when the process has exited.
    child.on('close', (code) => resolve({ code, stderr, lines: out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) }));
  });
}

const servers: Record<string, () => string> = {};
let hanging: Recorder;
let failing: Recorder;

before(async () => {
  hanging = await startRecorder();
  failing = await startRecorder();
  for (const route of ROUTES) {
    hanging.setFaultPolicy(route, () => ({ kind: 'hang' }));
    failing.setFaultPolicy(route, () => ({ status: 503 }));
  }
  const port = await closedPort();
  servers['never answers'] = () => hanging.url;
  servers.unreachable = () => `http://127.0.0.1:${port}`;
  servers['answers 503 forever'] = () => failing.url;
});

after(async () => {
  await hanging.close();
  await failing.close();
});

// A dozen children at a time keeps a busy 2-core machine responsive; the timeout only catches a
// child that never ends (it asserts nothing about speed).
describe('awaited work keeps the process alive until it settles', { concurrency: 12 }, () => {
  for (const server of ['never answers', 'unreachable', 'answers 503 forever']) {
    for (const [method, documented] of Object.entries(DOCUMENTED)) {
      it(`${method} against a server that ${server === 'unreachable' ? 'is unreachable' : server}: ${RUNS} runs, exit 0, documented result, nothing left open`, { timeout: 600_000 }, async () => {
        const { code, lines, stderr } = await runChild(servers[server](), method);
        assert.equal(code, 0, `child exited with ${code} after ${lines.length} of ${RUNS} runs\n${stderr}`);
        assert.equal(lines.length, RUNS);
        for (const line of lines) {
          assert.deepEqual(line.result, documented, `run ${line.run}`);
          assert.deepEqual(line.active, [], `run ${line.run}`);
        }
      });
    }
  }
});
