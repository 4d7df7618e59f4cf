// posthog-node's event members and behaviour: the object forms, captureException's extra arguments,
// context without a distinct id, capture-v1 routing of AI events, group keys, GeoIP default,
// minimal $feature_flag_called, bot page views, autocapture rate limit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessErrorKind } from '../../src/platform/platform.js';
import type { Recorder } from '../../src/testing/index.js';
import { flagCalls, useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: true, plan: 'pro' } });

type FlagsBody = { person_properties: Record<string, unknown>; flag_keys_to_evaluate?: string[]; geoip_disable: boolean };

describe('capture: posthog-node forms', () => {
  it('sendFeatureFlags as an object: its properties and keys shape the /flags request, and the call\'s disableGeoip is used', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'with flags', disableGeoip: false, sendFeatureFlags: { personProperties: { plan: 'pro' }, flagKeys: ['beta'] } });
    await client.flush();
    const body = recorder.requestsTo('flags')[0].body as FlagsBody;
    assert.deepEqual(body.person_properties, { plan: 'pro' });
    assert.deepEqual(body.flag_keys_to_evaluate, ['beta']);
    assert.equal(body.geoip_disable, false, "the call's disableGeoip, not the client's default");
    const [event] = recorder.events;
    assert.equal(event.properties['$feature/beta'], true);
    assert.deepEqual(event.properties.$active_feature_flags, ['beta']);
    await client.shutdown();
  });

  it('accepts a posthog-node flags snapshot (one with _getEventProperties)', async () => {
    const { client } = testClient(recorder.url);
    const nodeSnapshot = { _getEventProperties: () => ({ '$feature/x': 'v', $active_feature_flags: ['x'] }) };
    client.capture({ distinctId: 'u', event: 'snap', flags: nodeSnapshot });
    await client.flush();
    assert.equal(recorder.events[0].properties['$feature/x'], 'v');
    assert.equal(recorder.requestsTo('flags').length, 0);
    await client.shutdown();
  });

  it('setPersonProperties({ distinctId, properties, propertiesOnce }) and unsetPersonProperties send $set events', async () => {
    const { client } = testClient(recorder.url);
    client.setPersonProperties({ distinctId: 'u', properties: { plan: 'pro' }, propertiesOnce: { first: 1 } });
    client.setPersonProperties({ distinctId: 'u' });
    client.unsetPersonProperties({ distinctId: 'u', properties: ['old', '', 'older'] });
    client.unsetPersonProperties({ distinctId: 'u', properties: 'single' });
    client.unsetPersonProperties({ distinctId: 'u', properties: [' '] });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.properties.$set, e.properties.$set_once, e.properties.$unset]), [
      ['$set', { plan: 'pro' }, { first: 1 }, undefined],
      ['$set', undefined, undefined, ['old', 'older']],
      ['$set', undefined, undefined, ['single']],
    ]);
    await client.shutdown();
  });

  it('captureException(error, distinctId, properties, uuid, flags) keeps the uuid and attaches the flags', async () => {
    const { client } = testClient(recorder.url);
    const snapshot = await client.evaluateFlags('u');
    const uuid = '01900000-0000-7000-8000-000000000001';
    client.captureException(new Error('boom'), 'u', { route: '/x' }, uuid, snapshot);
    await client.flush();
    const [event] = recorder.events.filter((e) => e.event === '$exception');
    assert.equal(event.uuid, uuid);
    assert.equal(event.properties.route, '/x');
    assert.equal(event.properties['$feature/plan'], 'pro');
    await client.shutdown();
  });
});

describe('request context without a distinct id', () => {
  it('capture({ event }) inside withContext uses its id; outside any context it is rejected naming distinctId', async () => {
    const { client } = testClient(recorder.url);
    const errors: Array<{ field?: string }> = [];
    client.on('error', () => {});
    const other = testClient(recorder.url, { onError: (e) => errors.push(e as { field?: string }) }).client;
    client.withContext({ distinctId: 'ctx' }, () => client.capture({ event: 'inside' }));
    other.capture({ event: 'outside' });
    await Promise.all([client.flush(), other.flush()]);
    assert.deepEqual(recorder.events.map((e) => [e.event, e.distinct_id]), [['inside', 'ctx']]);
    assert.deepEqual(errors.map((e) => e.field), ['distinctId']);
    await Promise.all([client.shutdown(), other.shutdown()]);
  });

  it('enterContext() applies to the rest of the current async execution only', async () => {
    const { client } = testClient(recorder.url);
    const inRequest = async () => {
      client.enterContext({ distinctId: 'entered', properties: { route: '/r' } });
      await Promise.resolve();
      client.capture({ event: 'after enter' });
    };
    // Like a request handler: its own async execution, started by the loop.
    await new Promise((resolve) => setImmediate(() => inRequest().then(resolve)));
    assert.equal(client.getContext(), undefined, 'the caller\'s execution is untouched');
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.distinct_id, e.properties.route]), [['after enter', 'entered', '/r']]);
    await client.shutdown();
  });

  it('withContext({ … }, fn, { signal }): the context ends when the signal aborts', async () => {
    const { client } = testClient(recorder.url);
    const lifetime = new AbortController();
    await client.withContext({ distinctId: 'short-lived' }, async () => {
      assert.equal(client.getContext()?.distinctId, 'short-lived');
      lifetime.abort();
      assert.equal(client.getContext(), undefined);
    }, { signal: lifetime.signal });
    await client.shutdown();
  });
});

describe('posthog-node behaviours on the wire', () => {
  it('capture v1: a $ai_* event from capture() stays on /batch/ (posthog-node\'s routing); others go to v1, captureAi to the AI lane', async () => {
    const { client } = testClient(recorder.url, { captureMode: 'v1' });
    client.capture({ distinctId: 'u', event: '$ai_generation' });
    client.capture({ distinctId: 'u', event: 'plain' });
    client.captureAi({ distinctId: 'u', event: '$ai_trace' });
    await client.flush();
    const routes = Object.fromEntries(recorder.events.map((e) => [e.event, e.route]));
    assert.deepEqual(routes, { $ai_generation: 'batch', plain: 'capture_v1', $ai_trace: 'ai' });
    await client.shutdown();
  });

  it('$groups keeps group keys as given (numbers stay numbers); GeoIP is off by default on events and /flags', async () => {
    const { client } = testClient(recorder.url);
    client.capture({ distinctId: 'u', event: 'grouped', groups: { company: 42, team: 'core' } });
    await client.getFeatureFlag('beta', 'u', { sendFeatureFlagEvents: false });
    await client.flush();
    assert.deepEqual(recorder.events[0].properties.$groups, { company: 42, team: 'core' });
    assert.equal(recorder.events[0].properties.$geoip_disable, true);
    assert.equal((recorder.requestsTo('flags')[0].body as FlagsBody).geoip_disable, true);
    await client.shutdown();
  });

  it('a minimal $feature_flag_called event keeps campaign and session super properties, and nothing else', async () => {
    const definitions = { minimal_flag_called_events: true, flags: [{ key: 'm', active: true, has_experiment: false, filters: { groups: [{ rollout_percentage: 100 }] } }] };
    const { client } = testClient(recorder.url, { flagDefinitions: definitions });
    await client.register({ utm_source: 'newsletter', gclid: 'g-1', $session_id: 's-1', internal_note: 'dropped' });
    assert.equal(await client.getFeatureFlag('m', 'u'), true);
    await client.flush();
    const [event] = flagCalls(recorder);
    assert.equal(event.properties.utm_source, 'newsletter');
    assert.equal(event.properties.gclid, 'g-1');
    assert.equal(event.properties.$session_id, 's-1');
    assert.equal('internal_note' in event.properties, false);
    assert.equal(event.properties.$feature_flag, 'm');
    await client.shutdown();
  });

  it('__preview_capture_bot_pageviews: a bot\'s $pageview becomes $bot_pageview (custom user agents too)', async () => {
    const { client } = testClient(recorder.url, { __preview_capture_bot_pageviews: true, custom_blocked_useragents: ['MyMonitor'] });
    client.capture({ distinctId: 'u', event: '$pageview', properties: { $raw_user_agent: 'Mozilla/5.0 (compatible; Googlebot/2.1)' } });
    client.capture({ distinctId: 'u', event: '$pageview', properties: { $raw_user_agent: 'mymonitor/1.0' } });
    client.capture({ distinctId: 'u', event: '$pageview', properties: { $raw_user_agent: 'Mozilla/5.0 (Macintosh) Safari/605' } });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.properties.$browser_type]), [['$bot_pageview', 'bot'], ['$bot_pageview', 'bot'], ['$pageview', undefined]]);
    const off = testClient(recorder.url).client;
    off.capture({ distinctId: 'u', event: '$pageview', properties: { $raw_user_agent: 'Googlebot' } });
    await off.flush();
    assert.equal(recorder.events[3].event, '$pageview');
    await Promise.all([client.shutdown(), off.shutdown()]);
  });

  it('exception autocapture: a token bucket per exception type (exceptionRateLimiterBucketSize)', async () => {
    let report: ((error: unknown, kind: ProcessErrorKind, fatal: boolean) => Promise<void>) | undefined;
    const platform = {
      processErrors: {
        watch: (fn: typeof report) => {
          report = fn;
          return () => {};
        },
      },
    };
    const { client } = testClient(recorder.url, { enableExceptionAutocapture: true, exceptionRateLimiterBucketSize: 3, platform } as never);
    for (let i = 0; i < 5; i++) await report?.(new TypeError(`t${i}`), 'uncaught_exception', false);
    await report?.(new RangeError('r'), 'uncaught_exception', false);
    await client.flush();
    const values = recorder.events.map((e) => (e.properties.$exception_list as Array<{ value: string }>)[0].value);
    assert.deepEqual(values, ['t0', 't1', 't2', 'r']);
    await client.shutdown();
  });
});
