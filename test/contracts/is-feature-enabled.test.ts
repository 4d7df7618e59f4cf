// Contract: is-feature-enabled (PostHog/sdk-specs openspec/specs/is-feature-enabled).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

describe('is-feature-enabled: spec scenarios', () => {
  for (const [flagValue, enabled] of [[true, true], [false, false], ['variant-a', true]] as const) {
    it(`Enabled check maps flag values to booleans (${flagValue} → ${enabled})`, async () => {
      recorder.serveFlags({ feature: flagValue });
      const { client } = testClient(recorder.url);
      assert.equal(await client.isFeatureEnabled('feature', 'user-123'), enabled);
      await client.shutdown();
    });
  }

  for (const defaultValue of [false, true]) {
    it(`Enabled check resolves missing flags to the default (${defaultValue})`, async () => {
      recorder.serveFlags({});
      const { client } = testClient(recorder.url);
      assert.equal(await client.isFeatureEnabled('missing', 'user-123', { defaultValue }), defaultValue);
      // Also when the flags request fails, and before any definitions exist with local-only evaluation.
      recorder.inject('flags', { status: 500 });
      assert.equal(await client.isFeatureEnabled('feature', 'user-123', { defaultValue }), defaultValue);
      assert.equal(await client.isFeatureEnabled('feature', 'user-123', { defaultValue, onlyEvaluateLocally: true }), defaultValue);
      // Without a default, posthog-js-family SDKs keep returning undefined (the spec's allowed variation).
      assert.equal(await client.isFeatureEnabled('missing', 'user-123'), undefined);
      await client.shutdown();
    });
  }

  for (const [flagValue, defaultValue, enabled] of [[false, true, false], ['variant-a', false, true]] as const) {
    it(`Enabled check prefers the flag value over the caller default (${flagValue}, default ${defaultValue})`, async () => {
      recorder.serveFlags({ feature: flagValue });
      const { client } = testClient(recorder.url);
      assert.equal(await client.isFeatureEnabled('feature', 'user-123', { defaultValue }), enabled);
      await client.shutdown();
    });
  }

  it('Enabled check can suppress tracking', async () => {
    recorder.serveFlags({ feature: true });
    const { client } = testClient(recorder.url);
    assert.equal(await client.isFeatureEnabled('feature', 'user-123', { sendFeatureFlagEvents: false }), true);
    await client.flush();
    assert.equal(flagCalls(recorder).length, 0);
    await client.isFeatureEnabled('feature', 'user-123');
    await client.flush();
    assert.equal(flagCalls(recorder).length, 1, 'with tracking on, the same call reports');
    await client.shutdown();
  });
});

describe('is-feature-enabled', () => {
  it("takes posthog-go's object form", async () => {
    const { client } = testClient(recorder.url);
    assert.equal(await client.isFeatureEnabled({ key: 'on', distinctId: 'u', personProperties: { plan: 'pro' } }), true);
    assert.deepEqual((recorder.requestsTo('flags')[0].body as { person_properties: unknown }).person_properties, { plan: 'pro' });
    await client.shutdown();
  });
});
