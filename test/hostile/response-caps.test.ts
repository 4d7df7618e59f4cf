// Issue 8, items 5 and 8: response bodies are read up to caps (counted after decompression, so a
// gzip bomb stops there too); past a cap the body is abandoned, the connection closed (the recorder
// sees the client hang up mid-body) and a named error logged. A capture v1 200 whose body cannot be
// read is "accepted, results unknown".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PostHogOptions } from '../../src/client/options.js';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Fault, Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { flagCalls, useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: true }, personalApiKey: 'phx_test_personal' });

const MiB = 1024 * 1024;
/** A gzip bomb: a few bytes per MiB of zeros on the wire, written until the client hangs up. */
const BOMB: Fault = { kind: 'body', chunk: new Uint8Array(MiB), repeat: Number.POSITIVE_INFINITY, gzip: true };
/** 256 MiB of plain bytes: far more than socket buffers hold, so only a reader that stops early ends it early. */
const HUGE_PLAIN: Fault = { kind: 'body', chunk: new Uint8Array(MiB).fill(32), repeat: 256 };

function deliveryClient(options: PostHogOptions = {}) {
  const outcome = { sent: 0, failed: [] as string[] };
  const made = testClient(recorder.url, {
    onSuccess: () => outcome.sent++,
    onFailure: (_e, error) => outcome.failed.push(error.reason),
    ...options,
  });
  return { ...made, outcome };
}

const tooLarge = (lines: Array<{ message: string }>) => lines.filter((l) => l.message.startsWith('PostHogResponseTooLargeError:'));

describe('capture responses are read up to a small cap', () => {
  it('a 256 MiB answer to a batch is abandoned after 1 MiB; the 200 still counts as accepted', async () => {
    const { client, logger, outcome } = deliveryClient();
    recorder.inject('batch', HUGE_PLAIN);
    client.capture({ distinctId: 'u', event: 'a' });
    client.capture({ distinctId: 'u', event: 'b' });
    await client.flush();
    assert.deepEqual(outcome, { sent: 2, failed: [] });
    assert.match(tooLarge(logger.lines)[0]?.message ?? '', /1048576-byte limit was abandoned and its connection closed/);
    await recorder.waitFor((r) => r.requestsTo('batch')[0]?.abandoned === true);
    await client.shutdown();
  });

  it('a gzip bomb answering a v1 batch stops at the cap: accepted, results unknown, nothing retried', async () => {
    const { client, logger, outcome } = deliveryClient({ captureMode: 'v1' });
    recorder.inject('capture_v1', BOMB);
    client.capture({ distinctId: 'u', event: 'a' });
    await client.flush();
    assert.deepEqual(outcome, { sent: 1, failed: [] });
    assert.equal(tooLarge(logger.lines).length, 1);
    assert.equal(recorder.requestsTo('capture_v1').length, 1);
    await recorder.waitFor((r) => r.requestsTo('capture_v1')[0]?.abandoned === true);
    await client.shutdown();
  });
});

describe('capture v1: a 200 whose body is not JSON', () => {
  it('counts every event as accepted (results unknown), retries nothing and says so', async () => {
    const { client, logger, outcome } = deliveryClient({ captureMode: 'v1' });
    recorder.inject('capture_v1', { status: 200, body: '<html>proxy says hello</html>' });
    for (const event of ['a', 'b', 'c']) client.capture({ distinctId: 'u', event });
    await client.flush();
    assert.deepEqual(outcome, { sent: 3, failed: [] });
    assert.equal(recorder.requestsTo('capture_v1').length, 1);
    assert.equal(logger.matching(/3 event\(s\) counted as accepted, results unknown/).length, 1);
    await client.shutdown();
  });
});

describe('/flags responses are read up to a few MB', () => {
  it('a gzip bomb is abandoned at the cap: the flag has no value, the error is named in the log, $feature_flag_called says unknown_error', async () => {
    const { client, logger } = testClient(recorder.url);
    recorder.inject('flags', BOMB);
    assert.equal(await client.getFeatureFlag('beta', 'u'), undefined);
    assert.match(tooLarge(logger.lines)[0]?.message ?? '', /4194304-byte limit/);
    await client.flush();
    // As posthog-node, any failed /flags request is `unknown_error` on the event; the log names the cause.
    assert.deepEqual(flagCalls(recorder).map((e) => e.properties.$feature_flag_error), ['unknown_error']);
    await recorder.waitFor((r) => r.requestsTo('flags')[0]?.abandoned === true);
    await client.shutdown();
  });
});

describe('flag definitions are read up to flagDefinitionsMaxBytes', () => {
  /** Valid definitions of about 2 MiB: one flag carrying a large payload. */
  const large: DefinitionsPayload = {
    flags: [{ id: 1, key: 'beta', active: true, filters: { groups: [{ properties: [], rollout_percentage: 100 }], payloads: { true: JSON.stringify('p'.repeat(2 * MiB)) } } }],
  } as DefinitionsPayload;

  it('a gzip bomb is abandoned at the cap; the error names the option; nothing is installed', async () => {
    recorder.inject('definitions', BOMB);
    const { client, logger } = testClient(recorder.url, { personalApiKey: 'phx_test_personal', flagDefinitionsMaxBytes: MiB });
    await client.reloadFeatureFlags();
    assert.equal(client.isLocalEvaluationReady(), false);
    assert.ok(logger.lines.some((l) => /PostHogResponseTooLargeError: .*1048576-byte limit.*raise flagDefinitionsMaxBytes/.test(l.message)));
    await recorder.waitFor((r) => r.requestsTo('definitions')[0]?.abandoned === true);
    await client.shutdown();
  });

  it('definitions over the cap are refused, and load once the option is raised', async () => {
    recorder.serveDefinitions(large);
    const capped = testClient(recorder.url, { personalApiKey: 'phx_test_personal', flagDefinitionsMaxBytes: MiB });
    await capped.client.reloadFeatureFlags();
    assert.equal(capped.client.isLocalEvaluationReady(), false);
    const raised = testClient(recorder.url, { personalApiKey: 'phx_test_personal', flagDefinitionsMaxBytes: 4 * MiB });
    await raised.client.reloadFeatureFlags();
    assert.equal(raised.client.isLocalEvaluationReady(), true);
    await Promise.all([capped.client.shutdown(), raised.client.shutdown()]);
  });
});
