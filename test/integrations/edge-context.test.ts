// Issue 14 part 3: request context on the edge entry. Where the runtime has AsyncLocalStorage (found
// once at module load: globalThis on Vercel edge, process.getBuiltinModule on Node.js, Bun, Deno and
// workerd with nodejs_compat) a fetch handler wrapped by withPostHogContext captures with the header
// identity; without it the entry still loads and explicit ids still work.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const fixture = join(process.cwd(), 'test', 'fixtures', 'edge-context.mjs');

async function runEdge(mode: 'global' | 'builtin' | 'none') {
  const { stdout } = await promisify(execFile)(process.execPath, [fixture, recorder.url, mode]);
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { constructed: number; accepted: string };
  const byName = Object.fromEntries(recorder.events.map((e) => [e.event, e]));
  return { ...result, byName };
}

describe('edge entry: request context', () => {
  it('on Node.js (process.getBuiltinModule) the handler captures as the header user, with the request properties', async () => {
    const { accepted, byName } = await runEdge('builtin');
    assert.equal(accepted, 'true');
    assert.equal(byName['inside handler']?.distinct_id, 'header-user');
    assert.equal(byName['inside handler']?.properties.$request_path, '/pay');
    assert.equal(byName['explicit id']?.distinct_id, 'explicit');
  });

  it('on Vercel edge (globalThis.AsyncLocalStorage) that storage is used', async () => {
    const { constructed, byName } = await runEdge('global');
    assert.equal(constructed, 1);
    assert.equal(byName['inside handler']?.distinct_id, 'header-user');
  });

  it('without AsyncLocalStorage the entry loads, the handler runs, and explicit ids still reach PostHog', async () => {
    const { accepted, byName } = await runEdge('none');
    assert.equal(accepted, 'false');
    assert.equal(byName['inside handler'], undefined);
    assert.equal(byName['explicit id']?.distinct_id, 'explicit');
  });
});
