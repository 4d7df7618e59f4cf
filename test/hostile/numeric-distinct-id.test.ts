// Issue 8, item 14: one rule for numeric distinct ids in captures and flag calls: a finite number
// is accepted and stringified (as posthog-node does); anything else is no id.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { flagCalls, useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: true } });

const flagRequestIds = () => recorder.requestsTo('flags').map((r) => (r.body as { distinct_id: unknown }).distinct_id);

describe('numeric distinct ids', () => {
  it('capture and every flag call accept a finite number and send it as a string', async () => {
    const { client } = testClient(recorder.url);
    const id = 42 as unknown as string;
    client.capture({ distinctId: id, event: 'numeric' });
    assert.equal(await client.getFeatureFlag('beta', id), true);
    assert.equal(await client.isFeatureEnabled({ key: 'beta', distinctId: id }), true);
    assert.deepEqual(await client.getAllFlags(id), { beta: true });
    assert.equal((await client.evaluateFlags(id)).getFlag('beta'), true);
    await client.flush();
    assert.deepEqual(flagRequestIds(), ['42', '42', '42', '42']);
    assert.deepEqual(recorder.events.filter((e) => e.event === 'numeric').map((e) => e.distinct_id), ['42']);
    assert.deepEqual([...new Set(flagCalls(recorder).map((e) => e.distinct_id))], ['42']);
    await client.shutdown();
  });

  it('inside a request context an explicit numeric id wins over the context id, for captures and flags alike', async () => {
    const { client } = testClient(recorder.url, { sendFeatureFlagEvent: false });
    await client.withContext({ distinctId: 'from-context' }, async () => {
      client.capture({ distinctId: 7 as unknown as string, event: 'numeric in context' });
      await client.getFeatureFlag('beta', 7 as unknown as string);
    });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.distinct_id), ['7']);
    assert.deepEqual(flagRequestIds(), ['7']);
    await client.shutdown();
  });

  it('NaN and Infinity are no id: the capture is refused and the flag call makes no request', async () => {
    const fields: string[] = [];
    const { client } = testClient(recorder.url, { onError: (e) => fields.push((e as { field?: string }).field ?? '') });
    client.capture({ distinctId: Number.NaN as unknown as string, event: 'nan' });
    assert.equal(await client.getFeatureFlag('beta', Number.POSITIVE_INFINITY as unknown as string), undefined);
    await client.flush();
    assert.deepEqual(fields, ['distinctId']);
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });
});
