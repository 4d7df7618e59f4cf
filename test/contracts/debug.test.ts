// Contract: debug (PostHog/sdk-specs openspec/specs/debug).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

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
