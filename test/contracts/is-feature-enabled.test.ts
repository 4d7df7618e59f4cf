// Contract: is-feature-enabled (PostHog/sdk-specs openspec/specs/is-feature-enabled).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);


describe('is-feature-enabled', () => {
  it('is a boolean: a variant counts as enabled', async () => {
    const { client } = testClient(recorder.url);
    assert.equal(await client.isFeatureEnabled('on', 'u'), true);
    assert.equal(await client.isFeatureEnabled('off', 'u'), false);
    assert.equal(await client.isFeatureEnabled('variant', 'u'), true);
    await client.shutdown();
  });

  it('returns the caller\'s defaultValue only when the flag has no value', async () => {
    const { client } = testClient(recorder.url);
    assert.equal(await client.isFeatureEnabled('missing', 'u', { defaultValue: true }), true);
    assert.equal(await client.isFeatureEnabled('off', 'u', { defaultValue: true }), false, 'a present false wins');
    recorder.inject('flags', { status: 500 });
    assert.equal(await client.isFeatureEnabled('on', 'u', { defaultValue: false }), false);
    assert.equal(await client.isFeatureEnabled('missing', 'u'), undefined);
    await client.shutdown();
  });

  it('takes posthog-go\'s object form', async () => {
    const { client } = testClient(recorder.url);
    assert.equal(await client.isFeatureEnabled({ key: 'on', distinctId: 'u', personProperties: { plan: 'pro' } }), true);
    assert.deepEqual((recorder.requestsTo('flags')[0].body as { person_properties: unknown }).person_properties, { plan: 'pro' });
    await client.shutdown();
  });
});
