// Spec traces (active span context): a captureException issued while a span is active carries that
// span's ids, as `$trace_id` / `$span_id` (posthog-node's property names); outside a span it carries none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('exceptions join the active trace', () => {
  it('captureException inside withSpan carries $trace_id and $span_id; outside it does not; explicit ones win', async () => {
    const { client } = testClient(recorder.url, { traces: {} });
    let ids: [string | null, string | null] = [null, null];
    client.withSpan('failing work', (span) => {
      ids = [span.traceId, span.spanId];
      client.captureException(new Error('inside'), 'u');
      client.captureException(new Error('explicit'), 'u', { $trace_id: 'mine' });
    });
    client.captureException(new Error('outside'), 'u');
    await client.flush();
    const byMessage = (m: string) => recorder.events.find((e) => JSON.stringify(e.properties.$exception_list).includes(m))?.properties ?? {};
    assert.deepEqual([byMessage('inside').$trace_id, byMessage('inside').$span_id], ids);
    assert.match(String(ids[0]), /^[0-9a-f]{32}$/);
    assert.equal(byMessage('explicit').$trace_id, 'mine');
    assert.equal(byMessage('explicit').$span_id, undefined);
    assert.equal('$trace_id' in byMessage('outside'), false);
    await client.shutdown();
  });
});
