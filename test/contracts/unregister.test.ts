// Contract: unregister (PostHog/sdk-specs openspec/specs/unregister). The spec is client-scoped;
// posthog-ts keeps super properties in memory, as posthog-node does (docs/contracts.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('unregister: spec scenarios', () => {
  it('Unregister removes a super property from future events', async () => {
    const { client } = testClient(recorder.url);
    client.register({ plan: 'pro', region: 'eu' });
    client.unregister('plan');
    client.capture({ distinctId: 'user-123', event: 'Viewed Dashboard' });
    await client.flush();
    const [e] = recorder.events;
    assert.equal('plan' in e.properties, false);
    assert.equal(e.properties.region, 'eu');
    await client.shutdown();
  });

  it('Unregister missing property is a no-op', async () => {
    const { client } = testClient(recorder.url);
    client.register({ plan: 'pro' });
    assert.doesNotThrow(() => client.unregister('missing'));
    client.capture({ distinctId: 'user-123', event: 'Viewed Dashboard' });
    await client.flush();
    assert.equal(recorder.events[0].properties.plan, 'pro', 'registered properties unchanged');
    await client.shutdown();
  });
});
