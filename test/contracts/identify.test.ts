// Contracts: identify, alias, group-identify, set-person-properties (PostHog/sdk-specs openspec/specs/*).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type Recorder, startRecorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
beforeEach(async () => {
  recorder = await startRecorder();
});
afterEach(async () => {
  await recorder.close();
});

describe('identify', () => {
  it('sends $identify with $set and $set_once and never infers $anon_distinct_id', async () => {
    const { client } = testClient(recorder.url);
    client.identify({ distinctId: 'user-123', properties: { $set: { email: 'a@b.c' }, $set_once: { signup: '2026-01-01' } } });
    await client.flush();
    const [e] = recorder.events;
    assert.equal(e.event, '$identify');
    assert.equal((e.properties.$set as { email: string }).email, 'a@b.c');
    assert.deepEqual(e.properties.$set_once, { signup: '2026-01-01' });
    assert.equal('$anon_distinct_id' in e.properties, false);
    await client.shutdown();
  });

  it('validates the distinct id: missing → nothing enqueued and a warning', async () => {
    const { client, logger } = testClient(recorder.url);
    client.identify({ properties: { a: 1 } } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    assert.equal(logger.matching(/distinctId/).length, 1);
    await client.shutdown();
  });
});

describe('alias', () => {
  it('sends $create_alias with distinct_id at the root and in properties, and alias', async () => {
    const { client } = testClient(recorder.url);
    client.alias({ distinctId: 'anon-123', alias: 'user-123' });
    await client.flush();
    const [e] = recorder.events;
    assert.deepEqual([e.event, e.distinct_id, e.properties.distinct_id, e.properties.alias], ['$create_alias', 'anon-123', 'anon-123', 'user-123']);
    await client.shutdown();
  });

  it('either id missing → nothing enqueued and a validation warning (even with debug off)', async () => {
    const { client, logger } = testClient(recorder.url);
    client.alias({ distinctId: 'u' } as never);
    client.alias({ alias: 'a' } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    assert.equal(logger.lines.filter((l) => l.level === 'warn').length, 2);
    await client.shutdown();
  });
});

describe('group-identify', () => {
  it('sends $groupidentify with $group_type, $group_key and $group_set', async () => {
    const { client } = testClient(recorder.url);
    client.groupIdentify({ groupType: 'company', groupKey: 'acme', properties: { plan: 'pro' } });
    await client.flush();
    const [e] = recorder.events;
    assert.deepEqual([e.event, e.distinct_id, e.properties.$group_type, e.properties.$group_key, e.properties.$group_set],
      ['$groupidentify', '$company_acme', 'company', 'acme', { plan: 'pro' }]);
    await client.shutdown();
  });

  it('missing type or key → no event and a validation warning', async () => {
    const { client, logger } = testClient(recorder.url);
    client.groupIdentify({ groupKey: 'acme' } as never);
    client.groupIdentify({ groupType: 'company' } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    assert.equal(logger.lines.filter((l) => l.level === 'warn').length, 2);
    await client.shutdown();
  });
});

describe('set-person-properties', () => {
  it('sends a $set event with $set and $set_once', async () => {
    const { client } = testClient(recorder.url);
    client.setPersonProperties('u', { name: 'Ada' }, { first_seen: '2026' });
    client.setPersonProperties('u', undefined, { only_once: true });
    await client.flush();
    const [both, onceOnly] = recorder.events;
    assert.deepEqual([both.event, both.properties.$set, both.properties.$set_once], ['$set', { name: 'Ada' }, { first_seen: '2026' }]);
    assert.equal('$set' in onceOnly.properties, false);
    await client.shutdown();
  });

  it('an empty call sends nothing and does not throw', async () => {
    const { client } = testClient(recorder.url);
    assert.doesNotThrow(() => client.setPersonProperties('u'));
    assert.doesNotThrow(() => client.setPersonProperties('u', {}, {}));
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });
});

describe('debug', () => {
  it('debug() toggles debug logging at runtime and sends nothing', async () => {
    const { client, logger } = testClient(recorder.url, { beforeSend: (e) => (e.event === 'filtered' ? null : e) });
    client.capture({ distinctId: 'u', event: 'filtered' });
    assert.equal(logger.lines.filter((l) => l.level === 'debug').length, 0);
    client.debug();
    client.capture({ distinctId: 'u', event: 'filtered' });
    assert.equal(logger.lines.filter((l) => l.level === 'debug').length, 1);
    client.debug(false);
    client.capture({ distinctId: 'u', event: 'filtered' });
    assert.equal(logger.lines.filter((l) => l.level === 'debug').length, 1);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });
});
