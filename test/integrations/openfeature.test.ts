// posthog-ts/openfeature: the provider driven through the real OpenFeature server SDK
// (setProviderAndWait, a real client, its events and hooks) against the loopback recorder.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { type EventDetails, OpenFeature, ProviderEvents, ProviderStatus } from '@openfeature/server-sdk';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { PostHog } from '../../src/index.js';
import { PostHogProvider } from '../../src/openfeature.js';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { flagCalls, useRecorder } from '../helpers/recorder.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

const SECRET = 'phx_personal_secret_openfeature';
const everyone = (payloads?: Record<string, string>) => ({ groups: [{ properties: [], rollout_percentage: 100 }], ...(payloads ? { payloads } : {}) });

function definitions(limit = 5): DefinitionsPayload {
  return {
    flags: [
      { id: 1, key: 'on', active: true, filters: everyone({ true: `{"limit":${limit}}` }) },
      {
        id: 2,
        key: 'colour',
        active: true,
        filters: {
          groups: [{ properties: [], rollout_percentage: 100 }],
          multivariate: { variants: [{ key: 'blue', rollout_percentage: 100 }] },
          payloads: { blue: '42' },
        },
      },
      {
        id: 3,
        key: 'pro-only',
        active: true,
        filters: { groups: [{ properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'person' }], rollout_percentage: 100 }] },
      },
      { id: 4, key: 'nobody', active: true, filters: { groups: [{ properties: [], rollout_percentage: 0 }] } },
      { id: 5, key: 'switched-off', active: false, filters: everyone() },
      { id: 6, key: 'text-payload', active: true, filters: everyone({ true: '"hello"' }) },
      {
        id: 7,
        key: 'org-beta',
        active: true,
        filters: {
          aggregation_group_type_index: 0,
          groups: [{ properties: [{ key: 'tier', value: ['enterprise'], operator: 'exact', type: 'group', group_type_index: 0 }], rollout_percentage: 100 }],
        },
      },
    ],
    group_type_mapping: { '0': 'company' },
    cohorts: {},
  };
}

let domains = 0;
const opened: PostHog[] = [];
// Registered before the recorder's teardown, so it runs first: a failed test leaves nothing waiting on a closed recorder.
afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.shutdown()));
  await OpenFeature.clearProviders();
});

let recorder: Recorder;
useRecorder((r) => (recorder = r), { definitions: definitions(), definitionsEtag: '"v1"', personalApiKey: SECRET, flags: { remote: 'r' } });

/** A posthog-ts client and an OpenFeature client bound to a fresh provider for it, in its own domain. */
async function openFeature(options: Record<string, unknown> = {}, providerOptions: ConstructorParameters<typeof PostHogProvider>[1] = {}) {
  const scheduler = new VirtualScheduler('manual');
  const made = testClient(recorder.url, { personalApiKey: SECRET, ...options }, scheduler);
  opened.push(made.client);
  const provider = new PostHogProvider(made.client, providerOptions);
  const domain = `posthog-${++domains}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  // The first load is over when the loader arms its poll timer; a reload before that would share it.
  const settled = () => recorder.waitFor(() => scheduler.pendingDelays().length > 0);
  return { ...made, provider, domain, features: OpenFeature.getClient(domain), scheduler, settled };
}

describe('OpenFeature provider: resolution', () => {
  it('is READY once definitions have loaded, and evaluates locally', async () => {
    const { client, features } = await openFeature();
    assert.equal(features.providerStatus, ProviderStatus.READY);
    assert.equal(client.isLocalEvaluationReady(), true, 'setProviderAndWait waited for the definitions');
    const user = { targetingKey: 'user-1' };
    assert.equal(await features.getBooleanValue('on', false, user), true);
    assert.equal(await features.getStringValue('colour', 'none', user), 'blue');
    assert.equal(await features.getNumberValue('colour', 0, user), 42);
    assert.deepEqual(await features.getObjectValue('on', {}, user), { limit: 5 });
    const details = await features.getBooleanDetails('colour', false, user);
    assert.equal(details.value, true, 'a variant means the flag is on');
    assert.equal(details.variant, 'blue');
    assert.equal(details.reason, 'TARGETING_MATCH');
    assert.equal(details.flagMetadata.locallyEvaluated, true);
    assert.equal(details.flagMetadata.flagId, 2);
    assert.equal(recorder.requestsTo('flags').length, 0);
    await client.shutdown();
  });

  it('maps reasons: TARGETING_MATCH, DEFAULT, SPLIT, DISABLED', async () => {
    const { client, features } = await openFeature();
    const reason = async (key: string, context: Record<string, unknown> = {}) => {
      const d = await features.getBooleanDetails(key, true, { targetingKey: 'user-1', ...context });
      return [d.value, d.reason, d.errorCode];
    };
    assert.deepEqual(await reason('pro-only', { plan: 'pro' }), [true, 'TARGETING_MATCH', undefined]);
    assert.deepEqual(await reason('pro-only', { plan: 'free' }), [false, 'DEFAULT', undefined]);
    assert.deepEqual(await reason('nobody'), [false, 'SPLIT', undefined]);
    assert.deepEqual(await reason('switched-off'), [false, 'DISABLED', undefined]);
    const off = await features.getStringDetails('nobody', 'fallback', { targetingKey: 'user-1' });
    assert.deepEqual([off.value, off.reason, off.errorCode], ['fallback', 'SPLIT', undefined], 'an off flag answers the default, without an error');
    await client.shutdown();
  });

  it('maps errors: FLAG_NOT_FOUND, TYPE_MISMATCH, TARGETING_KEY_MISSING', async () => {
    const { client, features } = await openFeature();
    const user = { targetingKey: 'user-1' };
    const missing = await features.getBooleanDetails('no-such-flag', true, user);
    assert.deepEqual([missing.value, missing.reason, missing.errorCode], [true, 'ERROR', 'FLAG_NOT_FOUND']);
    const notAVariant = await features.getStringDetails('on', 'fallback', user);
    assert.deepEqual([notAVariant.value, notAVariant.errorCode], ['fallback', 'TYPE_MISMATCH']);
    const notAnObject = await features.getObjectDetails('text-payload', { a: 1 }, user);
    assert.deepEqual([notAnObject.value, notAnObject.errorCode], [{ a: 1 }, 'TYPE_MISMATCH']);
    const notANumber = await features.getNumberDetails('on', 7, user);
    assert.deepEqual([notANumber.value, notANumber.errorCode], [7, 'TYPE_MISMATCH']);
    const noPayload = await features.getNumberDetails('pro-only', 7, { ...user, plan: 'pro' });
    assert.deepEqual([noPayload.value, noPayload.reason, noPayload.errorCode], [7, 'DEFAULT', undefined], 'no payload: the default, no error');
    const nobody = await features.getBooleanDetails('on', false, {});
    assert.deepEqual([nobody.value, nobody.errorCode], [false, 'TARGETING_KEY_MISSING']);
    await client.shutdown();
  });

  it('targetingKey → distinct id, attributes → person properties, groups → groups (as /flags receives them)', async () => {
    const { client, features } = await openFeature({ personalApiKey: undefined });
    const details = await features.getStringDetails('remote', 'none', {
      targetingKey: 'user-7',
      plan: 'pro',
      signedUpAt: new Date('2026-01-02T03:04:05.000Z'),
      groups: { company: 'acme' },
      groupProperties: { company: { tier: 'enterprise' } },
    });
    assert.deepEqual([details.value, details.reason, details.flagMetadata.locallyEvaluated], ['r', 'TARGETING_MATCH', false]);
    const [request] = recorder.requestsTo('flags');
    const body = request.body as Record<string, unknown>;
    assert.equal(body.distinct_id, 'user-7');
    assert.deepEqual(body.person_properties, { plan: 'pro', signedUpAt: '2026-01-02T03:04:05.000Z' });
    assert.deepEqual(body.groups, { company: 'acme' });
    assert.deepEqual(body.group_properties, { company: { $group_key: 'acme', tier: 'enterprise' } });
    await client.shutdown();
  });

  it("inside a request context the targetingKey may be left out: the context's distinct id is used", async () => {
    const { client, features } = await openFeature({ personalApiKey: undefined });
    const details = await client.withContext({ distinctId: 'from-header' }, () => features.getStringDetails('remote', 'none', { plan: 'pro' }));
    assert.deepEqual([details.value, details.errorCode], ['r', undefined]);
    assert.equal((recorder.requestsTo('flags')[0].body as Record<string, unknown>).distinct_id, 'from-header');
    await client.shutdown();
  });

  it('evaluates group flags locally from groups and groupProperties', async () => {
    const { client, features } = await openFeature();
    const context = { targetingKey: 'user-1', groups: { company: 'acme' } };
    assert.equal(await features.getBooleanValue('org-beta', false, { ...context, groupProperties: { company: { tier: 'enterprise' } } }), true);
    assert.equal(await features.getBooleanValue('org-beta', true, { ...context, groupProperties: { company: { tier: 'free' } } }), false);
    assert.equal(recorder.requestsTo('flags').length, 0);
    await client.shutdown();
  });
});

describe('OpenFeature provider: events', () => {
  it('CONFIGURATION_CHANGED when new definitions arrive, none on 304', async () => {
    const { client, features, settled } = await openFeature();
    const changes: EventDetails[] = [];
    features.addHandler(ProviderEvents.ConfigurationChanged, (details) => void changes.push(details as EventDetails));
    await settled();
    await client.reloadFeatureFlags();
    assert.equal(recorder.requestsTo('definitions').at(-1)?.outcome, 304);
    assert.equal(changes.length, 0);
    recorder.serveDefinitions(definitions(9), '"v2"');
    await client.reloadFeatureFlags();
    await recorder.waitFor(() => changes.length === 1);
    assert.deepEqual(await features.getObjectValue('on', {}, { targetingKey: 'user-1' }), { limit: 9 });
    await client.shutdown();
  });

  it('ERROR when the key is refused, READY again when a reload succeeds', async () => {
    const { client, features, settled } = await openFeature();
    await settled();
    const seen: string[] = [];
    features.addHandler(ProviderEvents.Error, () => void seen.push('error'));
    features.addHandler(ProviderEvents.Ready, () => void seen.push('ready'));
    recorder.inject('definitions', { status: 401 });
    await client.reloadFeatureFlags();
    await recorder.waitFor(() => seen.includes('error'));
    assert.equal(features.providerStatus, ProviderStatus.ERROR);
    const during = await features.getBooleanDetails('on', false, { targetingKey: 'user-1' });
    assert.equal(during.value, true, 'flags still answer, through /flags or the last definitions');
    await client.reloadFeatureFlags();
    await recorder.waitFor(() => seen.at(-1) === 'ready');
    assert.equal(features.providerStatus, ProviderStatus.READY);
    await client.shutdown();
  });

  it('setProviderAndWait rejects when the key is refused at start; the provider is in ERROR', async () => {
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_wrong' }, new VirtualScheduler('manual'));
    opened.push(client);
    await assert.rejects(OpenFeature.setProviderAndWait('refused', new PostHogProvider(client)), /refused the personal API key/);
    assert.equal(OpenFeature.getClient('refused').providerStatus, ProviderStatus.ERROR);
    await client.shutdown();
  });

  it('is READY at once without a personal API key (flags come from /flags)', async () => {
    const { client, features } = await openFeature({ personalApiKey: undefined });
    assert.equal(features.providerStatus, ProviderStatus.READY);
    assert.equal(recorder.requestsTo('definitions').length, 0);
    await client.shutdown();
  });
});

describe('OpenFeature provider: $feature_flag_called and tracking', () => {
  it('its hook sends $feature_flag_called once per user, flag and value, as getFeatureFlag does', async () => {
    const { client, features } = await openFeature({ sendFeatureFlagEvent: true });
    await features.getBooleanValue('colour', false, { targetingKey: 'of-user' });
    await features.getStringValue('colour', 'none', { targetingKey: 'of-user' });
    await features.getBooleanValue('no-such-flag', false, { targetingKey: 'of-user' });
    await client.getFeatureFlag('colour', 'sdk-user');
    await client.flush();
    const calls = flagCalls(recorder);
    const viaOpenFeature = calls.filter((e) => e.distinct_id === 'of-user');
    assert.deepEqual(viaOpenFeature.map((e) => e.properties.$feature_flag), ['colour', 'no-such-flag'], 'the second read of colour is de-duplicated');
    const viaSdk = calls.find((e) => e.distinct_id === 'sdk-user');
    assert.ok(viaSdk);
    const same = (props: Record<string, unknown>) => Object.fromEntries(Object.entries(props).filter(([k]) => k.startsWith('$feature') || k === 'locally_evaluated'));
    assert.deepEqual(same(viaOpenFeature[0].properties), same(viaSdk.properties));
    assert.equal(viaOpenFeature[0].properties.$feature_flag_response, 'blue');
    assert.equal(viaOpenFeature[1].properties.$feature_flag_error, 'flag_missing');
    await client.shutdown();
  });

  it('sends none when sendFeatureFlagEvents is off', async () => {
    const { client, features } = await openFeature({ sendFeatureFlagEvent: true }, { sendFeatureFlagEvents: false });
    assert.equal(await features.getBooleanValue('on', false, { targetingKey: 'quiet' }), true);
    client.capture({ distinctId: 'quiet', event: 'marker' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.event), ['marker']);
    await client.shutdown();
  });

  it('track() captures the event for the targeting key, details as properties', async () => {
    const { client, features } = await openFeature();
    features.track('checkout', { targetingKey: 'buyer', groups: { company: 'acme' } }, { value: 99.5, currency: 'EUR' });
    await client.flush();
    const [event] = recorder.events;
    assert.equal(event.event, 'checkout');
    assert.equal(event.distinct_id, 'buyer');
    assert.equal(event.properties.value, 99.5);
    assert.equal(event.properties.currency, 'EUR');
    assert.deepEqual(event.properties.$groups, { company: 'acme' });
    await client.shutdown();
  });
});
