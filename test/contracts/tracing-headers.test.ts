// Contract: tracing-headers (PostHog/sdk-specs openspec/specs/tracing-headers) — request context.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextFromRequest } from '../../src/context/request-context.js';
import { MAX_HEADER_VALUE_LENGTH, sanitizeHeaderValue } from '../../src/context/tracing-headers.js';
import { posthogExpress } from '../../src/integrations/express.js';
import { withPostHogContext } from '../../src/integrations/fetch-handler.js';
import { posthogHono } from '../../src/integrations/hono.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('tracing-headers: sanitising', () => {
  it('reads the headers case-insensitively from Node, Fetch and Fastify shapes', () => {
    assert.equal(contextFromRequest({ headers: { 'X-POSTHOG-DISTINCT-ID': 'u1' } }).distinctId, 'u1');
    assert.equal(contextFromRequest({ headers: new Headers({ 'x-posthog-distinct-id': 'u2' }) }).distinctId, 'u2');
    assert.equal(contextFromRequest({ headers: { 'x-posthog-session-id': ['', 's1'] } }).sessionId, 's1');
  });

  it('strips control characters, trims, caps the length and treats empty as missing', () => {
    assert.equal(sanitizeHeaderValue(' a\u0000b\u007fc\u0085 '), 'abc');
    assert.equal(sanitizeHeaderValue('x'.repeat(5000))?.length, MAX_HEADER_VALUE_LENGTH);
    assert.equal(sanitizeHeaderValue('  \u0001 '), undefined);
    assert.equal(sanitizeHeaderValue(42), undefined);
  });

  it('collects request properties: url, method, path, user agent, first forwarded ip', () => {
    const ctx = contextFromRequest({
      method: 'POST',
      url: '/checkout?step=2',
      headers: { host: 'shop.example', 'user-agent': 'curl/8', 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
    });
    assert.deepEqual(ctx.properties, {
      $request_method: 'POST',
      $current_url: 'http://shop.example/checkout?step=2',
      $request_path: '/checkout',
      $user_agent: 'curl/8',
      $ip: '203.0.113.9',
    });
  });
});

describe('tracing-headers: request context', () => {
  it('captures inside a context take the context distinct id and session id; explicit values win', async () => {
    const { client } = testClient(recorder.url);
    client.withContext({ distinctId: 'ctx-user', sessionId: 'sess-1', properties: { $current_url: 'https://a.example' } }, () => {
      client.capture({ event: 'from context' } as never);
      client.capture({ distinctId: 'explicit', event: 'explicit id', properties: { $session_id: 'mine' } });
    });
    await client.flush();
    const [fromContext, explicit] = recorder.events;
    assert.deepEqual([fromContext.distinct_id, fromContext.properties.$session_id, fromContext.properties.$current_url], ['ctx-user', 'sess-1', 'https://a.example']);
    assert.deepEqual([explicit.distinct_id, explicit.properties.$session_id], ['explicit', 'mine']);
    await client.shutdown();
  });

  it('with no id anywhere inside a context the event is personless; a caller value of $process_person_profile is kept', async () => {
    const { client } = testClient(recorder.url);
    client.withContext({ sessionId: 's' }, () => {
      client.capture({ event: 'anonymous' } as never);
      client.capture({ event: 'kept', properties: { $process_person_profile: true } } as never);
    });
    await client.flush();
    const [anonymous, kept] = recorder.events;
    assert.match(String(anonymous.distinct_id), /^[0-9a-f-]{36}$/);
    assert.equal(anonymous.properties.$process_person_profile, false);
    assert.equal(kept.properties.$process_person_profile, true);
    await client.shutdown();
  });

  it('outside any context a capture without an id is dropped with a warning and no request', async () => {
    const { client, logger } = testClient(recorder.url);
    client.capture({ event: 'nobody' } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    assert.equal(logger.matching(/distinctId/).length, 1);
    await client.shutdown();
  });

  it('contexts do not leak between concurrent requests', async () => {
    const { client } = testClient(recorder.url);
    await Promise.all(['a', 'b', 'c'].map((id) => client.withContext({ distinctId: id }, async () => {
      await new Promise((r) => setTimeout(r, id === 'a' ? 20 : 1));
      client.capture({ event: `req-${id}` } as never);
    })));
    await client.flush();
    for (const e of recorder.events) assert.equal(e.event, `req-${e.distinct_id}`);
    await client.shutdown();
  });

  it('flag calls with no explicit or context id return nothing and make no request', async () => {
    const { client } = testClient(recorder.url);
    assert.equal(await client.getFeatureFlag('f', ''), undefined);
    assert.deepEqual(await client.getAllFlags(''), {});
    assert.equal(recorder.requestsTo('flags').length, 0);
    await client.shutdown();
  });

  it('flag calls inside a context use its distinct id', async () => {
    recorder.serveFlags({ f: 'variant' });
    const { client } = testClient(recorder.url, { sendFeatureFlagEvent: false });
    const value = await client.withContext({ distinctId: 'ctx-user' }, () => client.getFeatureFlag('f', undefined as never));
    assert.equal(value, 'variant');
    assert.equal((recorder.requestsTo('flags')[0].body as { distinct_id: string }).distinct_id, 'ctx-user');
    await client.shutdown();
  });
});

describe('tracing-headers: middleware', () => {
  it('express middleware and fetch-handler wrapper run the handler inside the header context', async () => {
    const { client } = testClient(recorder.url);
    await new Promise<void>((resolve) =>
      posthogExpress(client)({ headers: { 'x-posthog-distinct-id': 'express-user' }, method: 'GET', url: '/' }, {}, () => {
        client.capture({ event: 'express' } as never);
        resolve();
      }),
    );
    const handler = withPostHogContext(client, async (request: Request) => {
      client.capture({ event: `fetch ${new URL(request.url).pathname}` } as never);
      return new Response('ok');
    });
    await handler(new Request('https://app.example/api', { headers: { 'X-PostHog-Distinct-Id': 'fetch-user' } }));
    await posthogHono(client)({ req: { raw: new Request('https://app.example/h', { headers: { 'x-posthog-distinct-id': 'hono-user' } }) } }, async () => {
      client.capture({ event: 'hono' } as never);
    });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.distinct_id]), [
      ['express', 'express-user'],
      ['fetch /api', 'fetch-user'],
      ['hono', 'hono-user'],
    ]);
    await client.shutdown();
  });
});
