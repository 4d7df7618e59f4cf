// posthog-node's options mean the same here: aliases (and which wins), unknown names reported,
// a project key as personal key refused, the polling clamp, a minimal custom fetch, waitUntil timing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FetchOptionsLike } from '../../src/platform/custom-fetch.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { personalApiKey: 'phx_key', definitions: { flags: [{ key: 'f', active: true, filters: { groups: [{ rollout_percentage: 100 }] } }] } });

describe('posthog-node option names', () => {
  it('secretKey is the personal key; fetchRetryCount / fetchRetryDelay the retry budget', async () => {
    recorder.inject('batch', { status: 503 }, { status: 503 });
    const { client } = testClient(recorder.url, { secretKey: 'phx_key', fetchRetryCount: 2, fetchRetryDelay: 5 }, null);
    assert.equal(await client.waitForLocalEvaluationReady(5_000), true);
    assert.equal(recorder.requestsTo('definitions')[0].headers.authorization, 'Bearer phx_key');
    client.capture({ distinctId: 'u', event: 'retried' });
    await client.flush();
    assert.equal(recorder.requestsTo('batch').length, 3, 'two retries');
    assert.equal(recorder.events.length, 1);
    await client.shutdown();
  });

  it("when both names are given posthog-ts's own wins, with a warning", async () => {
    const { client, logger } = testClient(recorder.url, { maxRetries: 0, fetchRetryCount: 5 });
    assert.equal(client.options.maxRetries, 0);
    assert.equal(logger.matching(/fetchRetryCount and maxRetries are both set; using maxRetries/).length, 1);
    await client.shutdown();
  });

  it('flagDefinitionCacheProvider (posthog-node\'s shape) is read for definitions and told about fresh ones', async () => {
    const received: unknown[] = [];
    const provider = {
      getFlagDefinitions: () => undefined,
      shouldFetchFlagDefinitions: () => true,
      onFlagDefinitionsReceived: (data: unknown) => void received.push(data),
      shutdown: () => {},
    };
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_key', flagDefinitionCacheProvider: provider }, null);
    assert.equal(await client.waitForLocalEvaluationReady(5_000), true);
    await recorder.waitFor(() => received.length === 1);
    const data = received[0] as { flags: Array<{ key: string }>; groupTypeMapping: unknown; group_type_mapping: unknown };
    assert.deepEqual(data.flags.map((f) => f.key), ['f']);
    assert.deepEqual(data.groupTypeMapping, {});
    await client.shutdown();
    // A provider holding definitions serves a client with no key at all.
    const cached = { ...provider, getFlagDefinitions: () => ({ flags: [{ key: 'from-cache', active: true, filters: { groups: [{ rollout_percentage: 100 }] } }], group_type_mapping: {}, cohorts: {} }) };
    const reader = testClient(recorder.url, { flagDefinitionCacheProvider: cached as never }, null).client;
    assert.equal(await reader.waitForLocalEvaluationReady(5_000), true);
    assert.equal(await reader.getFeatureFlag('from-cache', 'u', { onlyEvaluateLocally: true }), true);
    await reader.shutdown();
  });

  it('an option posthog-ts does not know is reported once per name, not once per client', async () => {
    const first = testClient(recorder.url, { not_a_real_option_1: true, another_unknown_1: 1 } as never);
    const second = testClient(recorder.url, { not_a_real_option_1: true } as never);
    assert.equal(first.logger.matching(/option not_a_real_option_1 is not known/).length, 1);
    assert.equal(first.logger.matching(/option another_unknown_1 is not known/).length, 1);
    assert.equal(second.logger.matching(/not_a_real_option_1/).length, 0);
    assert.equal(first.logger.matching(/before_send|secretKey|persistence/).length, 0);
    await Promise.all([first.client.shutdown(), second.client.shutdown()]);
  });

  it('browser-only options are accepted without warnings and change nothing', async () => {
    const { client, logger } = testClient(recorder.url, { persistence: 'memory', personProfiles: 'identified_only', bootstrap: { distinctId: 'x' }, disableRemoteConfig: true, sessionExpirationTimeSeconds: 60, addTracingHeaders: ['a'], disableRemoteFeatureFlags: true });
    client.capture({ distinctId: 'u', event: 'x' });
    await client.flush();
    assert.equal(recorder.events.length, 1);
    assert.equal(logger.lines.filter((l) => l.level !== 'debug').length, 0);
    await client.shutdown();
  });
});

describe('a project key given as the personal key', () => {
  it('is refused: an error naming the option, no definitions request (posthog-node throws)', async () => {
    const { client, logger } = testClient(recorder.url, { personalApiKey: 'phc_oops' });
    assert.equal(logger.matching(/personalApiKey: is a project API key/).length, 1);
    assert.equal(client.options.personalApiKey, undefined);
    await client.reloadFeatureFlags();
    assert.equal(recorder.requestsTo('definitions').length, 0);
    await client.shutdown();
  });

  it('throws with strict: true, as posthog-node always does', () => {
    assert.throws(() => testClient(recorder.url, { secretKey: 'phc_oops', strict: true }), /secretKey: is a project API key/);
  });
});

describe('polling interval and waitUntil timing', () => {
  it('featureFlagsPollingInterval below 100 is raised to 100; null never polls after the first load', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_key', featureFlagsPollingInterval: 10 }, scheduler);
    await recorder.waitForRequests('definitions', 1);
    await new Promise((resolve) => client.on('localEvaluationFlagsLoaded', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(scheduler.pendingDelays().includes(100), `pending: ${scheduler.pendingDelays()}`);
    scheduler.advance(100);
    await recorder.waitForRequests('definitions', 2);
    await client.shutdown();
    const never = testClient(recorder.url, { personalApiKey: 'phx_key', featureFlagsPollingInterval: null }, new VirtualScheduler('manual'));
    assert.equal(never.client.options.featureFlagsPollingInterval, Number.POSITIVE_INFINITY);
    await never.client.shutdown();
  });

  it('waitUntilDebounceMs / waitUntilMaxWaitMs set the serverless flush timing', async () => {
    const scheduler = new VirtualScheduler('manual');
    const handed: Array<Promise<unknown>> = [];
    const { client } = testClient(recorder.url, { waitUntil: (p) => handed.push(p), waitUntilDebounceMs: 5, waitUntilMaxWaitMs: 20 }, scheduler);
    client.capture({ distinctId: 'u', event: 'burst' });
    assert.deepEqual(scheduler.pendingDelays().filter((d) => d <= 20), [5]);
    scheduler.advance(5);
    await handed[0];
    assert.equal(recorder.events.length, 1);
    await client.shutdown();
  });
});

describe('a custom fetch of posthog-node\'s minimal shape', () => {
  it('only { status, text, json } back (no headers, no Response) is enough for capture, flags and definitions', async () => {
    const seen: FetchOptionsLike[] = [];
    const minimal = async (url: string, options: FetchOptionsLike) => {
      seen.push(options);
      const response = await fetch(url, { method: options.method, headers: options.headers, body: options.body as BodyInit | undefined });
      const text = await response.text();
      return { status: response.status, text: async () => text, json: async () => JSON.parse(text) };
    };
    const { client } = testClient(recorder.url, { fetch: minimal, personalApiKey: 'phx_key' }, null);
    assert.equal(await client.waitForLocalEvaluationReady(5_000), true);
    assert.equal(await client.getFeatureFlag('f', 'u'), true);
    recorder.serveFlags({ remote: 'yes' });
    assert.equal(await client.getFeatureFlag('remote', 'u'), 'yes');
    client.capture({ distinctId: 'u', event: 'via custom fetch' });
    await client.flush();
    assert.ok(recorder.events.some((e) => e.event === 'via custom fetch'));
    assert.ok(seen.every((o) => typeof o.headers === 'object' && !(o.headers instanceof Headers)));
    await client.shutdown();
  });
});
