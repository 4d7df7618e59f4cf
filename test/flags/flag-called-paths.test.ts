// A `$feature_flag_called` event is written straight from the read when nothing can change it, and
// built from a message otherwise (a beforeSend hook, a request context): both must send the same event.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import type { PostHogOptions } from '../../src/client/options.js';
import { flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const DEFINITIONS: DefinitionsPayload = {
  flags: [
    {
      id: 3,
      key: 'pricing',
      active: true,
      filters: {
        groups: [{ properties: [{ key: 'plan', value: ['pro'], operator: 'exact', type: 'person' }], rollout_percentage: 100 }],
        multivariate: { variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'test', rollout_percentage: 50 }] },
      },
    },
    { id: 4, key: 'company-beta', active: true, filters: { aggregation_group_type_index: 0, groups: [{ properties: [], rollout_percentage: 100 }] } },
  ],
  group_type_mapping: { '0': 'company' },
};

/** The flag-called events a client sends for a fixed set of reads, without what differs per send. */
async function eventsOf(options: PostHogOptions, wrap: <T>(client: { withContext: (c: object, fn: () => T) => T }, fn: () => T) => T = (_, fn) => fn()) {
  const { client } = testClient(recorder.url, { flagDefinitions: DEFINITIONS, ...options });
  await wrap(client, async () => {
    for (let i = 0; i < 6; i++) {
      await client.getFeatureFlag('pricing', `user-${i}`, { personProperties: { plan: i % 3 === 0 ? 'free' : 'pro' } });
      await client.getFeatureFlag('company-beta', `user-${i}`, { groups: { company: `c-${i % 2}` }, disableGeoip: i % 2 === 0 });
    }
  });
  await client.flush();
  await client.shutdown();
  return flagCalls(recorder).map(({ uuid, timestamp, properties, ...rest }) => {
    assert.match(String(uuid), /^[0-9a-f]{8}-/);
    assert.ok(!Number.isNaN(Date.parse(String(timestamp))));
    const { $feature_flag_evaluated_at, $feature_flag_definitions_loaded_at, ...kept } = properties;
    assert.equal(typeof $feature_flag_evaluated_at, 'number');
    assert.equal(typeof $feature_flag_definitions_loaded_at, 'number');
    return { ...rest, properties: kept };
  });
}

describe('$feature_flag_called written from the read', () => {
  it('is the event a beforeSend hook that changes nothing would see sent', async () => {
    const written = await eventsOf({});
    recorder.reset();
    let seen = 0;
    const hooked = await eventsOf({
      beforeSend: (event) => {
        if (event?.event === '$feature_flag_called') seen++;
        return event;
      },
    });
    assert.equal(written.length, 12);
    assert.equal(seen, 12, 'the hook saw every flag-called event');
    assert.deepEqual(written, hooked);
  });

  it('is the event a request context that adds nothing sends', async () => {
    const written = await eventsOf({});
    recorder.reset();
    const inContext = await eventsOf({}, (client, fn) => client.withContext({}, fn));
    assert.deepEqual(written, inContext);
  });
});

describe('a flag read reads each option once', () => {
  /** Options whose every read is counted, by name. */
  function countedOptions(values: Record<string, unknown>) {
    const reads: Record<string, number> = {};
    const options: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) {
      Object.defineProperty(options, name, {
        enumerable: true,
        get: () => {
          reads[name] = (reads[name] ?? 0) + 1;
          return value;
        },
      });
    }
    return { options, reads };
  }

  it('with events on, a person flag decided locally reads what it uses once, and nothing it does not use', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: DEFINITIONS });
    const { options, reads } = countedOptions({
      personProperties: { plan: 'pro' },
      groups: { company: 'acme' },
      groupProperties: { company: { size: 5 } },
      deviceId: 'device-1',
      disableGeoip: true,
      sendFeatureFlagEvents: true,
    });
    assert.ok(['control', 'test'].includes(String(await client.getFeatureFlag('pricing', 'user-1', options))));
    await client.flush();
    await client.shutdown();
    assert.deepEqual(reads, { sendFeatureFlagEvents: 1, groups: 1, disableGeoip: 1, personProperties: 1 });
    const [event] = flagCalls(recorder);
    assert.deepEqual(event.properties.$groups, { company: 'acme' });
    assert.equal(event.properties.$geoip_disable, true);
  });

  it('before the definitions are loaded, what the read reports is taken at the call, not after the load', async () => {
    recorder.serveDefinitions(DEFINITIONS);
    const { client } = testClient(recorder.url, { personalApiKey: 'phx_k' }, null);
    const options = { personProperties: { plan: 'pro' }, groups: { company: 'acme' } as Record<string, string>, sendFeatureFlagEvents: true };
    const read = client.getFeatureFlag('pricing', 'user-1', options);
    options.personProperties = { plan: 'free' };
    options.groups = { company: 'changed' };
    assert.ok(['control', 'test'].includes(String(await read)), 'evaluated with the properties given at the call');
    await client.flush();
    await client.shutdown();
    assert.deepEqual(flagCalls(recorder)[0].properties.$groups, { company: 'acme' });
  });
});

describe('$feature_flag_called is timed at the read', () => {
  it('a snapshot read later than its evaluation sends the time of the read', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { flagDefinitions: DEFINITIONS }, scheduler);
    const flags = await client.evaluateFlags('user-1', { groups: { company: 'c-1' } });
    const evaluatedAt = scheduler.now();
    scheduler.advance(60_000);
    assert.equal(flags.isEnabled('company-beta'), true);
    await client.flush();
    await client.shutdown();
    const [event] = flagCalls(recorder);
    assert.equal(Date.parse(String(event.timestamp)), evaluatedAt + 60_000, 'the event is timed when the snapshot was read');
    assert.equal(event.properties.$feature_flag_evaluated_at, evaluatedAt, 'and says when the value was computed');
  });
});
