// Issue 8, item 13: setPersonPropertiesForFlags outside any request context must never leak one
// user's properties to another. Outside a context it does nothing and warns once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: true } });

const sent = () => recorder.requestsTo('flags').map((r) => {
  const body = r.body as { distinct_id: string; person_properties: Record<string, unknown>; group_properties: Record<string, unknown> };
  return [body.distinct_id, body.person_properties, body.group_properties];
});

describe('stored flag properties outside a request context', () => {
  it('one user\'s properties set outside a context never reach another user\'s flag call; a warning says why, once', async () => {
    const { client, logger } = testClient(recorder.url, { sendFeatureFlagEvent: false });
    client.setPersonPropertiesForFlags({ email: 'alice@example.com', plan: 'pro' });
    client.setPersonPropertiesForFlags({ email: 'alice@example.com' });
    client.setGroupPropertiesForFlags('company', { name: 'Alice Inc' });
    await client.getFeatureFlag('beta', 'alice');
    await client.getFeatureFlag('beta', 'bob', { groups: { company: 'bobco' } });
    await client.withContext({ distinctId: 'carol' }, () => client.getFeatureFlag('beta', 'carol'));
    assert.deepEqual(sent(), [
      ['alice', {}, {}],
      ['bob', {}, { company: { $group_key: 'bobco' } }],
      ['carol', {}, {}],
    ]);
    assert.deepEqual(client.getPersonPropertiesForFlags(), {});
    assert.deepEqual(client.getGroupPropertiesForFlags(), {});
    const warnings = logger.lines.filter((l) => l.level === 'warn' && /ForFlags\(\) outside a request context .*does nothing/.test(l.message));
    assert.deepEqual(warnings.map((w) => w.message.split('(')[0]), ['setPersonPropertiesForFlags', 'setGroupPropertiesForFlags']);
    await client.shutdown();
  });

  it('inside a request context they still apply to that request', async () => {
    const { client, logger } = testClient(recorder.url, { sendFeatureFlagEvent: false });
    await client.withContext({ distinctId: 'alice' }, async () => {
      client.setPersonPropertiesForFlags({ plan: 'pro' });
      await client.getFeatureFlag('beta', 'alice');
    });
    assert.deepEqual(sent(), [['alice', { plan: 'pro' }, {}]]);
    assert.deepEqual(logger.lines.filter((l) => l.level === 'warn'), []);
    await client.shutdown();
  });
});
