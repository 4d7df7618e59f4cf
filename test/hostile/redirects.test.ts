// Issue 8, item 6: a redirect on capture is a failure with a named reason and a warning naming its
// Location, never followed (Node's fetch would replay a 301/302 as a GET without the events and
// report them delivered). The personal API key never follows a redirect to another origin, whatever
// the fetch implementation does.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Recorder, startRecorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';

const KEY = 'phx_personal_secret';
let recorder: Recorder;
useRecorder((r) => (recorder = r), { personalApiKey: KEY });

/** Another origin that answers anything with 200, as a host a misconfigured proxy points to might. */
let elsewhere: Recorder;
before(async () => {
  elsewhere = await startRecorder();
});
beforeEach(() => {
  elsewhere.reset();
  for (const route of ['batch', 'capture_v1', 'other', 'definitions'] as const) elsewhere.setFaultPolicy(route, () => ({ status: 200, body: { status: 1 } }));
});
after(() => elsewhere.close());

/** A fetch that follows redirects itself and keeps every header, unless told `redirect: 'manual'`. */
const naiveFetch: typeof fetch = async (input, init) => {
  let url = String(input);
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (init?.redirect === 'manual' || location === null || hop === 3 || response.status < 300 || response.status > 399) return response;
    url = new URL(location, url).href;
  }
};

function captureClient(captureMode: 'v0' | 'v1' = 'v0') {
  const outcome = { sent: 0, failed: [] as string[] };
  const made = testClient(recorder.url, {
    captureMode,
    flushAt: 10,
    onSuccess: () => outcome.sent++,
    onFailure: (_e, error) => outcome.failed.push(error.reason),
  });
  return { ...made, outcome };
}

describe('capture requests do not follow redirects', () => {
  for (const [status, mode] of [[301, 'v0'], [302, 'v0'], [307, 'v0'], [308, 'v1']] as const) {
    it(`${status} (${mode}): every event fails as 'redirected', the warning names the Location, nothing reaches it`, async () => {
      const { client, logger, outcome } = captureClient(mode);
      const location = `${elsewhere.url}/${mode === 'v0' ? 'batch/' : 'i/v1/analytics/events'}`;
      recorder.inject(mode === 'v0' ? 'batch' : 'capture_v1', { status, headers: { location } });
      for (let i = 0; i < 10; i++) client.capture({ distinctId: 'u', event: `e${i}` });
      await client.flush();
      assert.deepEqual(outcome, { sent: 0, failed: Array(10).fill('redirected') });
      assert.equal(logger.lines.filter((l) => l.level === 'warn' && l.message.includes(`redirect to ${location}`)).length, 1);
      assert.equal(elsewhere.requests.length, 0);
      assert.equal(recorder.requests.length, 1, 'sent once, not retried');
      await client.shutdown();
    });
  }
});

describe('the personal API key stays on its origin', () => {
  it('a definitions redirect to another origin is not followed, even by a fetch that would keep the key; the warning names it', async () => {
    const location = `${elsewhere.url}/flags/definitions`;
    recorder.setFaultPolicy('definitions', () => ({ status: 302, headers: { location } }));
    const { client, logger } = testClient(recorder.url, { personalApiKey: KEY, fetch: naiveFetch });
    await client.reloadFeatureFlags();
    assert.equal(elsewhere.requests.length, 0);
    assert.ok(logger.lines.some((l) => l.message.includes(`redirect to ${location}`) && l.message.includes('another origin')));
    await client.shutdown();
  });

  it('with the runtime fetch too, the other origin never sees the key', async () => {
    recorder.setFaultPolicy('definitions', () => ({ status: 307, headers: { location: `${elsewhere.url}/flags/definitions` } }));
    const { client } = testClient(recorder.url, { personalApiKey: KEY });
    await client.reloadFeatureFlags();
    assert.ok(elsewhere.requests.every((r) => !JSON.stringify(r.headers).includes(KEY)));
    await client.shutdown();
  });

  it('a redirect within the same origin is followed with the key, and the definitions load', async () => {
    recorder.serveDefinitions({ flags: [] });
    recorder.inject('definitions', { status: 308, headers: { location: '/flags/definitions/?token=phc_test_key&send_cohorts' } });
    const { client, logger } = testClient(recorder.url, { personalApiKey: KEY });
    await client.reloadFeatureFlags();
    const [redirected, followed] = recorder.requestsTo('definitions');
    assert.equal(redirected.outcome, 308);
    assert.deepEqual([followed?.outcome, followed?.headers.authorization], [200, `Bearer ${KEY}`]);
    assert.deepEqual(logger.matching(/redirect/), []);
    await client.shutdown();
  });
});
