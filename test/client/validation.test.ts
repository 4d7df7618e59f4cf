import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PostHogValidationError, isPostHogValidationError } from '../../src/base/errors.js';
import { Properties } from '../../src/messages/builders.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('bad input', () => {
  it('each bad call is rejected naming its field; every good event still arrives in one batch', async () => {
    const errors: string[] = [];
    const { client, logger } = testClient(recorder.url, { onError: (e) => errors.push(isPostHogValidationError(e) ? e.field : 'not a validation error') });
    client.capture({ distinctId: 'u', event: 'good-1' });
    client.capture({ distinctId: '', event: 'x' });
    client.capture({ distinctId: 'u', event: '' });
    client.capture({ event: 'x' } as never);
    client.capture({ distinctId: 'u', event: 'x', properties: { n: 10n } });
    client.capture({ distinctId: 'u', event: 'x', properties: { fn: () => 1 } });
    client.capture({ distinctId: 'u', event: 'x', properties: { big: 'x'.repeat(1_000_000) } });
    client.capture({ distinctId: 'u', event: 'x', timestamp: 'not a date' });
    client.identify({ distinctId: '   ' });
    client.alias({ distinctId: 'u' } as never);
    client.groupIdentify({ groupType: 'company' } as never);
    client.enqueue({ type: 'nonsense' } as never);
    client.capture(undefined as never);
    client.capture({ distinctId: 'u', event: 'good-2' });
    await client.flush();
    assert.deepEqual(errors, [
      'distinctId', 'event', 'distinctId', 'properties.n', 'properties.fn', 'properties.big',
      'timestamp', 'distinctId', 'alias', 'groupKey', 'type', 'event',
    ]);
    assert.equal(logger.matching(/event not sent/).length, errors.length);
    assert.deepEqual(recorder.events.map((e) => e.event), ['good-1', 'good-2']);
    assert.equal(recorder.requestsTo('batch').length, 1);
    await client.shutdown();
  });

  it('a property that refers back to itself is sent as "[Circular]" with one warning naming the path (as posthog-node)', async () => {
    const errors: unknown[] = [];
    const { client, logger } = testClient(recorder.url, { onError: (e) => errors.push(e) });
    const user: Record<string, unknown> = { name: 'ada', tags: ['a'] };
    user.self = user;
    const shared = { ok: true };
    client.capture({ distinctId: 'u', event: 'cyclic', properties: { user, left: shared, right: shared } });
    await client.flush();
    assert.deepEqual(errors, []);
    const [event] = recorder.events;
    assert.deepEqual(event.properties.user, { name: 'ada', tags: ['a'], self: '[Circular]' });
    assert.deepEqual([event.properties.left, event.properties.right], [{ ok: true }, { ok: true }], 'a shared object is not a cycle');
    const warnings = logger.matching(/refers back to itself/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /properties\.user\.self/);
    await client.shutdown();
  });

  it('a $feature_flag_called event is checked like any other once a request context adds properties to it', async () => {
    const errors: string[] = [];
    const { client } = testClient(recorder.url, {
      onError: (e) => errors.push(isPostHogValidationError(e) ? e.field : 'not a validation error'),
      flagDefinitions: { flags: [{ key: 'on', active: true, filters: { groups: [{ properties: [], rollout_percentage: 100 }] } }] },
    });
    assert.equal(await client.getFeatureFlag('on', 'plain-user'), true);
    await client.withContext({ properties: { n: 10n } }, async () => {
      assert.equal(await client.getFeatureFlag('on', 'context-user'), true);
    });
    await client.flush();
    // The SDK's own event is sent unwalked; with the context's properties merged in it is walked.
    assert.deepEqual(errors, ['properties.n']);
    assert.deepEqual(recorder.events.map((e) => [e.event, e.distinct_id]), [['$feature_flag_called', 'plain-user']]);
    await client.shutdown();
  });

  it('throws only in strict mode', async () => {
    const { client } = testClient(recorder.url, { strict: true });
    assert.throws(() => client.capture({ distinctId: '', event: 'x' }), PostHogValidationError);
    const lenient = testClient(recorder.url).client;
    assert.doesNotThrow(() => lenient.capture({ distinctId: '', event: 'x' }));
    await Promise.all([client.shutdown(), lenient.shutdown()]);
  });

  it('an onError or logger that throws never reaches the caller', async () => {
    const { client } = testClient(recorder.url, {
      onError: () => {
        throw new Error('boom');
      },
      logger: { debug() {}, warn() { throw new Error('logger boom'); }, error() {} },
    });
    assert.doesNotThrow(() => client.capture({ distinctId: '', event: 'x' }));
    await client.shutdown();
  });
});

describe('snapshot at capture', () => {
  it('mutating properties after capture changes nothing that is sent', async () => {
    const { client } = testClient(recorder.url);
    const properties = { plan: 'pro', nested: { seats: 3 }, list: [1] };
    const built = new Properties().set('a', 1);
    client.capture({ distinctId: 'u', event: 'snap', properties });
    client.enqueue({ type: 'capture', distinctId: 'u', event: 'built', properties: built });
    properties.plan = 'free';
    properties.nested.seats = 99;
    properties.list.push(2);
    built.set('a', 2);
    await client.flush();
    const [snap, b] = recorder.events;
    assert.equal(snap.properties.plan, 'pro');
    assert.deepEqual(snap.properties.nested, { seats: 3 });
    assert.deepEqual(snap.properties.list, [1]);
    assert.equal(b.properties.a, 1);
    await client.shutdown();
  });
});

describe('event shapes on the wire', () => {
  it('sends the posthog-go README messages with the reference shapes', async () => {
    const { client } = testClient(recorder.url, { defaultEventProperties: { service: 'api' } });
    client.capture({ distinctId: 'test-user', event: '$pageview', properties: { $current_url: 'https://example.com' } });
    client.identify({ distinctId: 'user:123', properties: { email: 'john@doe.com' } });
    client.alias({ distinctId: 'user:123', alias: 'session:12345' });
    client.groupIdentify({ groupType: 'company', groupKey: '42dlsfj23f', properties: { name: 'Awesome Inc.' } });
    await client.flush();
    const [pageview, identify, alias, group] = recorder.events;
    assert.equal(pageview.properties.$current_url, 'https://example.com');
    assert.equal(pageview.properties.service, 'api');
    assert.deepEqual(identify.properties.$set, { email: 'john@doe.com' });
    assert.equal(identify.properties.service, undefined, 'no default properties on identify');
    assert.deepEqual([alias.distinct_id, alias.properties.alias], ['user:123', 'session:12345']);
    assert.deepEqual([group.distinct_id, group.properties.$group_set], ['$company_42dlsfj23f', { name: 'Awesome Inc.' }]);
    for (const e of recorder.events) {
      assert.match(e.timestamp, /Z$/);
      assert.equal(e.properties.$lib, 'posthog-ts');
    }
    await client.shutdown();
  });
});
