// Issue 8, item 15: messages and log lines quote user values cut to about 200 characters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const HUGE = 5_000_000;
const LONGEST_LINE = 1_000;

describe('user values in messages are cut', () => {
  it('a 5 MB event name, key, hook error or option value never makes a 5 MB message or log line', async () => {
    const messages: string[] = [];
    const { client, logger } = testClient(recorder.url, {
      onError: (e) => messages.push(e.message),
      flushAt: 'x'.repeat(HUGE) as never,
      beforeSend: (event) => {
        if (event.event === 'hook throws') throw new Error('h'.repeat(HUGE));
        return event;
      },
    });
    client.capture({ distinctId: 'u', event: 'n'.repeat(HUGE), properties: { a: 'x'.repeat(1_000_000) } });
    client.capture({ distinctId: 'u', event: 'e', properties: { ['k'.repeat(HUGE)]: () => 1 } });
    client.capture({ distinctId: 'u', event: 'hook throws' });
    client.enqueue({ type: 't'.repeat(HUGE) } as never);
    await client.getFeatureFlag('f'.repeat(HUGE), 'u', { onlyEvaluateLocally: true });
    await client.flush();
    assert.ok(messages.length >= 3);
    for (const message of messages) assert.ok(message.length < LONGEST_LINE, `message of ${message.length} characters`);
    assert.ok(logger.lines.length >= 5);
    for (const line of logger.lines) assert.ok(line.message.length < LONGEST_LINE, `log line of ${line.message.length} characters`);
    assert.ok(messages.some((m) => m.includes(`(${HUGE + 'properties.'.length} characters)`)), 'a cut says how long the value was');
    await client.shutdown();
  });
});
