// A flag read decided locally has nothing pending: it must not arm the keep-alive that holds the
// process open for reads still waiting on I/O.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PostHog } from '../../src/index.js';

const immediates = () => process.getActiveResourcesInfo().filter((r) => r === 'Immediate').length;

describe('flag reads and the keep-alive', () => {
  it('a read decided locally schedules nothing; a read that waits for definitions is held', async () => {
    const logger = { debug() {}, warn() {}, error() {} };
    const local = new PostHog('phc_k', { flagDefinitions: { flags: [{ key: 'on', active: true, filters: { groups: [{ rollout_percentage: 100 }] } }] }, logger });
    const before = immediates();
    const read = local.getFeatureFlag('on', 'user-1');
    assert.equal(immediates(), before, 'nothing was scheduled for a value known at once');
    assert.equal(await read, true);
    await local.shutdown();

    let release: (value: Response) => void = () => {};
    const waiting = new PostHog('phc_k', { personalApiKey: 'phx_k', host: 'http://127.0.0.1:9', fetch: () => new Promise<Response>((resolve) => (release = resolve)), logger });
    const start = immediates();
    const pending = waiting.getFeatureFlag('on', 'user-1', { onlyEvaluateLocally: true });
    assert.equal(immediates(), start + 1, 'a read waiting on the definitions load is held');
    release(new Response(JSON.stringify({ flags: [] }), { status: 200 }));
    assert.equal(await pending, undefined);
    await waiting.shutdown();
  });
});
