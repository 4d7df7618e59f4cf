// Issue 14 part 3: the server recipes in examples/ run as they are (each its own process, importing
// 'posthog-ts' by name) against the recorder. A request with tracing headers is captured as that
// user with the request's properties; the recipe's flag call is answered; on SIGTERM the recipe
// drains PostHog and exits 0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecordedEvent, Recorder } from '../../src/testing/index.js';
import { type RunningExample, startExample } from '../helpers/example-app.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { 'checkout-flow': 'one-page' } });

const HEADERS = { 'x-posthog-distinct-id': 'recipe-user', 'x-posthog-session-id': 'recipe-session', 'content-type': 'application/json' };

async function checkout(app: RunningExample) {
  const response = await fetch(`${app.url}/checkout`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ items: [1, 2, 3] }) });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function stopped(app: RunningExample) {
  const { code, stderr } = await app.stop();
  assert.equal(code, 0, stderr);
}

const named = (name: string): RecordedEvent | undefined => recorder.events.find((e) => e.event === name);

function assertCheckoutCaptured() {
  const event = named('checkout started');
  assert.ok(event, `checkout started in ${recorder.events.map((e) => e.event)}`);
  assert.equal(event.distinct_id, 'recipe-user');
  assert.equal(event.properties.$session_id, 'recipe-session');
  assert.equal(event.properties.$request_method, 'POST');
  assert.equal(event.properties.$request_path, '/checkout');
  assert.equal(event.properties.cart_size, 3);
  assert.equal(named('$feature_flag_called')?.distinct_id, 'recipe-user');
}

for (const recipe of ['express/server.mjs', 'fastify/server.mjs', 'hono/server.mjs']) {
  describe(`examples/${recipe}`, () => {
    it('captures as the header user inside the request, answers the flag, drains on SIGTERM', async () => {
      const app = await startExample(recipe, recorder.url);
      assert.deepEqual(await checkout(app), { status: 200, body: { flow: 'one-page' } });
      await stopped(app);
      assertCheckoutCaptured();
    });
  });
}

describe('examples/express/server.mjs: setupExpressErrorHandler', () => {
  it('reports a route error as an unhandled middleware $exception of the header user, with the status sent', async () => {
    const app = await startExample('express/server.mjs', recorder.url);
    const response = await fetch(`${app.url}/fail`, { headers: HEADERS });
    assert.equal(response.status, 500);
    const anonymous = await fetch(`${app.url}/fail?anonymous`);
    assert.equal(anonymous.status, 500);
    await stopped(app);

    const [known, personless] = recorder.events.filter((e) => e.event === '$exception');
    assert.ok(known && personless, `two $exception events in ${recorder.events.map((e) => e.event)}`);
    assert.equal(known.distinct_id, 'recipe-user');
    assert.equal(known.properties.$session_id, 'recipe-session');
    assert.equal(known.properties.$exception_message, 'card declined');
    assert.equal(known.properties.$request_path, '/fail');
    assert.equal(known.properties.$response_status_code, 500);
    const [first] = known.properties.$exception_list as Array<{ type: string; mechanism: { type: string; handled: boolean } }>;
    assert.deepEqual([first.type, first.mechanism.type, first.mechanism.handled], ['Error', 'middleware', false]);
    assert.equal(personless.properties.$process_person_profile, false);
    assert.notEqual(personless.distinct_id, 'recipe-user');
  });
});
