// The definitions loader's internal hook (what integrations such as the OpenFeature provider mirror)
// and the ETag it shares through a flag definitions cache.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsEvent } from '../../src/flags/definitions/events.js';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

const SECRET = 'phx_personal_secret_events';

function definitions(rollout: number): DefinitionsPayload {
  return { flags: [{ id: 1, key: 'everyone', active: true, filters: { groups: [{ properties: [], rollout_percentage: rollout }] } }] };
}

let recorder: Recorder;
useRecorder((r) => (recorder = r), { definitions: definitions(100), definitionsEtag: '"v1"', personalApiKey: SECRET });

/**
 * A client on manual virtual time whose definitions events are kept in `events`. `settled()` waits
 * for the load under way to finish: the loader re-arms its poll timer then (none after 401/403).
 */
function watchedClient(options: Record<string, unknown> = {}) {
  const scheduler = new VirtualScheduler('manual');
  const made = testClient(recorder.url, { personalApiKey: SECRET, sendFeatureFlagEvent: false, ...options }, scheduler);
  const events: DefinitionsEvent[] = [];
  made.client.watchFlagDefinitions((event) => events.push(event));
  const settled = () => recorder.waitFor(() => scheduler.pendingDelays().length > 0 || events.at(-1) === 'halted');
  return { ...made, events, settled };
}

describe('definitions loader events', () => {
  it('ready on the first load, changed on a new payload, nothing on 304', async () => {
    const { client, events, settled } = watchedClient();
    assert.equal(client.flagDefinitionsState(), 'loading');
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    await settled();
    assert.deepEqual(events, ['ready']);
    assert.equal(client.flagDefinitionsState(), 'ready');
    await client.reloadFeatureFlags();
    assert.equal(recorder.requestsTo('definitions')[1].outcome, 304);
    assert.deepEqual(events, ['ready']);
    recorder.serveDefinitions(definitions(0), '"v2"');
    await client.reloadFeatureFlags();
    assert.deepEqual(events, ['ready', 'changed']);
    assert.equal(await client.getFeatureFlag('everyone', 'u'), false);
    await client.shutdown();
  });

  it('halted on 401, ready again when a reload succeeds', async () => {
    const { client, events, settled } = watchedClient();
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    await settled();
    recorder.inject('definitions', { status: 401 });
    await client.reloadFeatureFlags();
    assert.deepEqual(events, ['ready', 'halted']);
    assert.equal(client.flagDefinitionsState(), 'halted');
    await settled();
    await client.reloadFeatureFlags();
    assert.deepEqual(events, ['ready', 'halted', 'ready']);
    assert.equal(client.flagDefinitionsState(), 'ready');
    await client.shutdown();
  });

  it('waitForLocalEvaluationReady() answers false as soon as the key is refused', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_wrong' }, scheduler);
    // On manual virtual time the 30 s timeout never fires: only the 401 can end the wait.
    assert.equal(await client.waitForLocalEvaluationReady(), false);
    assert.equal(recorder.requestsTo('definitions')[0].outcome, 401);
    assert.equal(client.flagDefinitionsState(), 'halted');
    await client.shutdown();
  });

  it('a client with nothing to load is inactive; a disabled one too', async () => {
    const plain = testClient(recorder.url, {}, new VirtualScheduler('manual')).client;
    assert.equal(plain.flagDefinitionsState(), 'inactive');
    const disabled = testClient(recorder.url, { personalApiKey: SECRET, disabled: true }, new VirtualScheduler('manual')).client;
    assert.equal(disabled.flagDefinitionsState(), 'inactive');
    await Promise.all([plain.shutdown(), disabled.shutdown()]);
  });
});

describe('definitions loader and a shared cache', () => {
  it('stores the ETag with the payload, and fetches with the ETag of what it read', async () => {
    const shared = { payload: definitions(100), etag: '"v1"' as string | undefined };
    let fetchNow = false;
    const stored: Array<string | undefined> = [];
    const cache = {
      get: () => shared.payload,
      etag: () => shared.etag,
      set: (payload: DefinitionsPayload, etag?: string) => {
        stored.push(etag);
        shared.payload = payload;
        shared.etag = etag;
      },
      shouldFetch: () => fetchNow,
    };
    const { client, events, settled } = watchedClient({ flagDefinitionsCache: cache });
    assert.equal(await client.waitForLocalEvaluationReady(), true);
    await settled();
    assert.equal(recorder.requestsTo('definitions').length, 0, 'read from the cache');
    await client.reloadFeatureFlags();
    assert.deepEqual(events, ['ready'], 'the same object again is no change');
    fetchNow = true;
    await client.reloadFeatureFlags();
    const [first] = recorder.requestsTo('definitions');
    assert.equal(first.headers['if-none-match'], '"v1"', "the cache's ETag, though this process never fetched");
    assert.equal(first.outcome, 304);
    recorder.serveDefinitions(definitions(0), '"v2"');
    await client.reloadFeatureFlags();
    assert.deepEqual(stored, ['"v2"']);
    fetchNow = false;
    await client.reloadFeatureFlags();
    assert.deepEqual(events, ['ready', 'changed'], 'reading back what this process stored is no change');
    assert.equal(await client.getFeatureFlag('everyone', 'u'), false);
    await client.shutdown();
  });
});
