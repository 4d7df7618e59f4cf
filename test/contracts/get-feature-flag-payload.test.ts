// Contract: get-feature-flag-payload (PostHog/sdk-specs openspec/specs/get-feature-flag-payload).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { SERVED_FLAGS, flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), SERVED_FLAGS);

describe('get-feature-flag-payload: spec scenarios', () => {
  it('Payload getter returns payload for the matched flag value', async () => {
    recorder.serveFlags({ checkout: 'blue' }, { checkout: { cta: 'Try now' } });
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getFeatureFlagPayload('checkout', 'user-123'), { cta: 'Try now' });
    await client.shutdown();
  });

  it('Payload getter returns no payload for unknown flags', async () => {
    recorder.serveFlags({});
    const { client } = testClient(recorder.url);
    let payload: unknown = 'not called';
    await assert.doesNotReject(async () => {
      payload = await client.getFeatureFlagPayload('missing-flag', 'user-123');
    });
    assert.equal(payload, undefined);
    await client.shutdown();
  });

  it('Payload lookup does not emit feature flag called by itself', async () => {
    recorder.serveFlags({ checkout: true }, { checkout: { enabled: 1 } });
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getFeatureFlagPayload('checkout', 'user-123'), { enabled: 1 });
    await client.flush();
    assert.equal(flagCalls(recorder).length, 0);
    await client.shutdown();
  });
});

describe('get-feature-flag-payload', () => {
  it('returns the payload of the matched value, parsed; null for a value without one', async () => {
    const { client } = testClient(recorder.url);
    assert.deepEqual(await client.getFeatureFlagPayload('on', 'u'), { a: 1 });
    assert.equal(await client.getFeatureFlagPayload('variant', 'u'), 'text');
    assert.equal(await client.getFeatureFlagPayload('off', 'u'), null);
    await client.shutdown();
  });
});
