// posthog-node's opt-in/out, status getters and identity members.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIB_NAME, LIB_VERSION } from '../../src/base/version.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('opt-out and status', () => {
  it('optOut() drops captures until optIn(); optedOut reports it; enable/disable are the same switch', async () => {
    const { client } = testClient(recorder.url);
    assert.equal(client.optedOut, false);
    await client.optOut();
    assert.equal(client.optedOut, true);
    assert.equal(client.capture({ distinctId: 'u', event: 'dropped' }), undefined);
    await client.optIn();
    client.capture({ distinctId: 'u', event: 'kept' });
    await client.disable();
    assert.equal(client.optedOut, true);
    client.capture({ distinctId: 'u', event: 'dropped too' });
    await client.enable();
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.event), ['kept']);
    await client.shutdown();
  });

  it('defaultOptIn: false starts opted out', async () => {
    const { client } = testClient(recorder.url, { defaultOptIn: false });
    assert.equal(client.optedOut, true);
    client.capture({ distinctId: 'u', event: 'before' });
    await client.optIn();
    client.capture({ distinctId: 'u', event: 'after' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.event), ['after']);
    await client.shutdown();
  });

  it('isDisabled reflects the disabled option, which optIn() does not lift; isDebug follows debug()', async () => {
    const { client } = testClient(recorder.url, { disabled: true });
    assert.equal(client.isDisabled, true);
    await client.optIn();
    client.capture({ distinctId: 'u', event: 'never' });
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    assert.equal(client.isDebug, false);
    client.debug();
    assert.equal(client.isDebug, true);
    client.debug(false);
    assert.equal(client.isDebug, false);
    await client.shutdown();
  });

  it('register / unregister resolve (posthog-node returns promises) and still apply at once', async () => {
    const { client } = testClient(recorder.url);
    const registered = client.register({ tier: 'gold' });
    client.capture({ distinctId: 'u', event: 'with tier' });
    await registered;
    await client.unregister('tier');
    client.capture({ distinctId: 'u', event: 'without tier' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.properties.tier), ['gold', undefined]);
    await client.shutdown();
  });
});

describe('identity members', () => {
  it('echo the configuration and the library under posthog-node\'s names', async () => {
    const { client } = testClient(recorder.url, { flushAt: 7, privacyMode: true, enableFullAiCapture: true, preloadFeatureFlags: false, disableSurveys: true });
    assert.equal(client.host, recorder.url);
    assert.equal(client.apiKey, 'phc_test_key');
    assert.equal(client.projectToken, 'phc_test_key');
    assert.equal(client.flushAt, 7);
    assert.equal(client.privacyMode, true);
    assert.equal(client.enableFullAiCapture, true);
    assert.equal(client.preloadFeatureFlags, false);
    assert.equal(client.disableSurveys, true);
    assert.equal(client.getLibraryId(), LIB_NAME);
    assert.equal(client.getLibraryVersion(), LIB_VERSION);
    assert.equal(client.getCustomUserAgent(), `${LIB_NAME}/${LIB_VERSION}`);
    const plain = testClient(recorder.url).client;
    assert.equal(plain.privacyMode, false);
    assert.equal(plain.enableFullAiCapture, false);
    assert.equal(plain.preloadFeatureFlags, true);
    await Promise.all([client.shutdown(), plain.shutdown()]);
  });

  it('getCustomUserAgent is what requests carry', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'x' });
    await client.flush();
    assert.equal(recorder.requestsTo('batch')[0].headers['user-agent'], client.getCustomUserAgent());
    await client.shutdown();
  });
});
