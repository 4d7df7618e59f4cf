// Issue 8, item 4: a big input is refused at the first limit it crosses, before it is copied or
// serialised. The cost is shown structurally (what was read), not timed: speed belongs to bench/.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PostHogValidationError, isPostHogValidationError } from '../../src/base/errors.js';
import { MAX_EVENT_BYTES } from '../../src/client/options.js';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

function collectingClient() {
  const errors: PostHogValidationError[] = [];
  const { client, logger } = testClient(recorder.url, { onError: (e) => isPostHogValidationError(e) && errors.push(e) });
  return { client, logger, errors };
}

describe('big inputs are refused where the limit is crossed', () => {
  it('a 10 MB string: nothing after it is read and nothing is serialised', async () => {
    const { client, errors } = collectingClient();
    let laterReads = 0;
    let serialised = 0;
    const properties = {
      big: 'x'.repeat(10_000_000),
      get later() {
        laterReads++;
        return 1;
      },
      nested: {
        toJSON: () => {
          serialised++;
          return 'n';
        },
      },
    };
    assert.equal(client.capture({ distinctId: 'u', event: 'big string', properties }), undefined);
    assert.deepEqual(errors.map((e) => e.field), ['properties.big']);
    assert.match(errors[0].message, /over the \d+-byte limit/);
    assert.equal(laterReads, 0, 'the walk stopped at the string');
    assert.equal(serialised, 0, 'nothing was serialised');
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('100,000 keys: the walk stops at the key that crosses the limit', async () => {
    const { client, errors } = collectingClient();
    const value = 'v'.repeat(100);
    let reads = 0;
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) {
      const get = () => {
        reads++;
        return value;
      };
      Object.defineProperty(properties, `k${i}`, { enumerable: true, get });
    }
    client.capture({ distinctId: 'u', event: 'many keys', properties });
    assert.equal(errors.length, 1);
    const crossedAt = Number(/^properties\.k(\d+)$/.exec(errors[0].field)?.[1]);
    // Each member costs at least its key, quotes, colon and comma plus the value's 102 bytes.
    assert.ok(crossedAt < MAX_EVENT_BYTES / 100, `crossed at key ${crossedAt}`);
    assert.equal(reads, crossedAt + 1, 'every key after the crossing one was left unread');
    await client.shutdown();
  });

  it('a name over the limit is refused before its properties are looked at', async () => {
    const { client, errors } = collectingClient();
    let reads = 0;
    client.capture({ distinctId: 'u', event: 'e'.repeat(5_000_000), properties: { get a() { return reads++; } } });
    assert.deepEqual(errors.map((e) => e.field), ['event']);
    assert.equal(reads, 0);
    await client.shutdown();
  });

  it('nesting deeper than the server parses is refused naming where, without walking to the bottom', async () => {
    const { client, errors } = collectingClient();
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    client.capture({ distinctId: 'u', event: 'deep', properties: { deep } });
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /nested deeper than 100 levels/);
    assert.ok(errors[0].field.startsWith('properties.deep[0]'));
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('an event just under the limit is accepted, and a beforeSend hook may still shrink a big one', async () => {
    const errors: unknown[] = [];
    const { client } = testClient(recorder.url, {
      onError: (e) => errors.push(e),
      beforeSend: (event) => {
        const { big: _big, ...rest } = event.properties;
        return { ...event, properties: rest };
      },
    });
    client.capture({ distinctId: 'u', event: 'fits', properties: { text: 'y'.repeat(MAX_EVENT_BYTES - 2_000) } });
    client.capture({ distinctId: 'u', event: 'shrunk', properties: { big: 'x'.repeat(10_000_000) } });
    await client.flush();
    assert.deepEqual(errors, []);
    assert.deepEqual(recorder.events.map((e) => e.event), ['fits', 'shrunk']);
    await client.shutdown();
  });
});
