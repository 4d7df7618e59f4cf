// Contract: debug (PostHog/sdk-specs openspec/specs/debug). The spec is client-scoped; posthog-node
// has debug(), so posthog-ts does too (docs/contracts.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

/**
 * A client whose before-send hook drops every event named "probe": the SDK logs that drop at debug
 * level, so whether a probe leaves a debug line shows whether debug logging is on.
 */
function probedClient() {
  const made = testClient(recorder.url, { beforeSend: (e) => (e.event === 'probe' ? null : e) });
  const debugLines = () => made.logger.lines.filter((l) => l.level === 'debug').length;
  const debugIsOn = () => {
    const before = debugLines();
    made.client.capture({ distinctId: 'user-123', event: 'probe' });
    return debugLines() > before;
  };
  return { ...made, debugIsOn };
}

describe('debug: spec scenarios', () => {
  it('Debug can be enabled and disabled at runtime', async () => {
    const { client, debugIsOn } = probedClient();
    assert.equal(debugIsOn(), false, 'off by default');
    client.debug(true);
    assert.equal(debugIsOn(), true);
    client.debug(false);
    assert.equal(debugIsOn(), false);
    await client.shutdown();
  });

  it('Debug does not emit analytics or network traffic', async () => {
    const outcomes: string[] = [];
    const { client } = testClient(recorder.url, { onSuccess: (e) => outcomes.push(e.event), onFailure: (e) => outcomes.push(e.event) });
    client.debug(true);
    client.debug(false);
    client.debug();
    await client.flush();
    await client.shutdown();
    assert.deepEqual(outcomes, [], 'no event enqueued');
    assert.equal(recorder.requests.length, 0, 'no network request');
  });

  it('Debug defaults to enabled when called without an argument', async () => {
    const { client, debugIsOn } = probedClient();
    client.debug();
    assert.equal(debugIsOn(), true);
    await client.shutdown();
  });
});
