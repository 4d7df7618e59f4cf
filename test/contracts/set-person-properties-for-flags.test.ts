// Contract: set-person-properties-for-flags (PostHog/sdk-specs openspec/specs/set-person-properties-for-flags),
// under per-call properties.
// Server form: stored per request context (the calls below run inside withContext, as a request
// handler's would); outside a context the calls do nothing and warn once, so one user's properties
// never reach another (test/hostile/flag-properties-scope.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: true } });

const personPropertiesSent = () => recorder.requestsTo('flags').map((r) => (r.body as { person_properties: Record<string, unknown> }).person_properties);

const PRO_ONLY: DefinitionsPayload = {
  flags: [{ key: 'pro-only', active: true, filters: { groups: [{ properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'person' }], rollout_percentage: 100 }] } }],
};

describe('set-person-properties-for-flags: spec scenarios', () => {
  it('Set person properties stores overrides for future flag evaluation', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: PRO_ONLY, sendFeatureFlagEvent: false });
    await client.withContext({ distinctId: 'user-123' }, async () => {
      assert.equal(await client.getFeatureFlag('pro-only', 'user-123', { onlyEvaluateLocally: true }), undefined, 'plan unknown: undecided');
      client.setPersonPropertiesForFlags({ plan: 'pro' });
      assert.deepEqual(client.getPersonPropertiesForFlags(), { plan: 'pro' });
      assert.equal(await client.getFeatureFlag('pro-only', 'user-123', { onlyEvaluateLocally: true }), true, 'the stored plan is used');
    });
    await client.shutdown();
  });

  it('Person property overrides are sent with flag reloads', async () => {
    const { client } = testClient(recorder.url, { sendFeatureFlagEvent: false });
    await client.withContext({ distinctId: 'user-123' }, async () => {
      client.setPersonPropertiesForFlags({ plan: 'pro' });
      // A server SDK's flag request is the /flags call of the next evaluation (reloadFeatureFlags() loads definitions).
      await client.getFeatureFlag('beta', 'user-123');
      await client.getAllFlags('user-123');
    });
    assert.deepEqual(personPropertiesSent(), [{ plan: 'pro' }, { plan: 'pro' }]);
    await client.shutdown();
  });
});

describe('set-person-properties-for-flags', () => {
  it('successive calls add up and a later value wins', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'u' }, async () => {
      client.setPersonPropertiesForFlags({ plan: 'free', country: 'FR' });
      client.setPersonPropertiesForFlags({ plan: 'pro' });
      assert.deepEqual(client.getPersonPropertiesForFlags(), { plan: 'pro', country: 'FR' });
    });
    await client.shutdown();
  });

  it('sits under the properties a call passes itself', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'u' }, async () => {
      client.setPersonPropertiesForFlags({ plan: 'pro', country: 'FR' });
      await client.getFeatureFlag('beta', 'u', { personProperties: { plan: 'enterprise' } });
    });
    assert.deepEqual(personPropertiesSent(), [{ plan: 'enterprise', country: 'FR' }]);
    await client.shutdown();
  });

  it('ignores input that is not a property map, and sends no event', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'u' }, async () => {
      client.setPersonPropertiesForFlags(null as never);
      client.setPersonPropertiesForFlags(['x'] as never);
      assert.deepEqual(client.getPersonPropertiesForFlags(), {});
    });
    await client.flush();
    assert.equal(recorder.requestsTo('batch').length, 0);
    await client.shutdown();
  });

  it('inside a request context: belongs to that request only, never to a concurrent one', async () => {
    const { client } = testClient(recorder.url, { sendFeatureFlagEvent: false });
    // Request a sets its overrides, then waits while request b runs: b must not see them.
    let release!: () => void;
    const gate = { promise: new Promise<void>((r) => (release = r)), resolve: () => release() };
    const first = client.withContext({ distinctId: 'a' }, async () => {
      client.setPersonPropertiesForFlags({ plan: 'pro' });
      await gate.promise;
      await client.getFeatureFlag('beta', 'a');
    });
    const second = client.withContext({ distinctId: 'b' }, async () => {
      gate.resolve();
      await client.getFeatureFlag('beta', 'b');
    });
    await Promise.all([first, second]);
    const byId = Object.fromEntries(recorder.requestsTo('flags').map((r) => {
      const body = r.body as { distinct_id: string; person_properties: Record<string, unknown> };
      return [body.distinct_id, body.person_properties];
    }));
    assert.deepEqual(byId, { a: { plan: 'pro' }, b: {} });
    assert.deepEqual(client.getPersonPropertiesForFlags(), {}, 'nothing outside the requests');
    await client.shutdown();
  });

  it('a nested context starts from its parent\'s overrides without changing them', async () => {
    const { client } = testClient(recorder.url);
    await client.withContext({ distinctId: 'a' }, async () => {
      client.setPersonPropertiesForFlags({ plan: 'pro' });
      await client.withContext({}, async () => {
        assert.deepEqual(client.getPersonPropertiesForFlags(), { plan: 'pro' });
        client.setPersonPropertiesForFlags({ country: 'FR' });
      });
      assert.deepEqual(client.getPersonPropertiesForFlags(), { plan: 'pro' });
    });
    await client.shutdown();
  });
});
