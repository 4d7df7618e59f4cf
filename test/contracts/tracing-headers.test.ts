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

/** Runs `handler` as the Express middleware would for a request with these headers. */
function inExpressRequest<R>(client: Parameters<typeof posthogExpress>[0], headers: Record<string, string | string[]>, handler: () => R): Promise<R> {
  return new Promise((resolve) => posthogExpress(client)({ headers, method: 'GET', url: '/work' }, {}, () => resolve(handler())));
}

describe('tracing-headers: spec scenarios', () => {
  it('server request context applies tracing headers to capture', async () => {
    const { client } = testClient(recorder.url);
    await inExpressRequest(client, { 'x-posthog-distinct-id': 'user-123', 'x-posthog-session-id': 'session-123' }, () =>
      client.capture({ event: 'Backend Work' } as never),
    );
    await client.flush();
    assert.equal(recorder.events.length, 1);
    const [e] = recorder.events;
    assert.deepEqual([e.event, e.distinct_id, e.properties.$session_id], ['Backend Work', 'user-123', 'session-123']);
    await client.shutdown();
  });

  it('explicit capture values override tracing context', async () => {
    const { client } = testClient(recorder.url);
    await inExpressRequest(client, { 'x-posthog-distinct-id': 'header-user', 'x-posthog-session-id': 'header-session' }, () =>
      client.capture({ distinctId: 'explicit-user', event: 'Backend Work', properties: { $session_id: 'explicit-session' } }),
    );
    await client.flush();
    const [e] = recorder.events;
    assert.deepEqual([e.distinct_id, e.properties.$session_id], ['explicit-user', 'explicit-session']);
    await client.shutdown();
  });

  it('capture without explicit or context distinct id is personless', async () => {
    const { client } = testClient(recorder.url);
    await inExpressRequest(client, { 'x-posthog-session-id': 'session-123' }, () => {
      client.capture({ event: 'Backend Work' } as never);
      client.capture({ event: 'Overridden', properties: { $process_person_profile: true } } as never);
    });
    await client.flush();
    const [personless, overridden] = recorder.events;
    assert.match(String(personless.distinct_id), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a generated distinct id');
    assert.notEqual(personless.distinct_id, overridden.distinct_id, 'each personless event gets its own id');
    assert.equal(personless.properties.$session_id, 'session-123');
    assert.equal(personless.properties.$process_person_profile, false);
    assert.equal(overridden.properties.$process_person_profile, true, 'unless explicitly overridden');
    await client.shutdown();
  });

  it('feature-flag evaluation without explicit or context distinct id is empty', async () => {
    recorder.serveFlags({ 'beta-ui': true });
    const { client } = testClient(recorder.url);
    const results = await inExpressRequest(client, { 'x-posthog-session-id': 'session-123' }, async () => {
      const snapshot = await client.evaluateFlags(undefined as never);
      return {
        flag: await client.getFeatureFlag('beta-ui', undefined as never),
        enabled: await client.isFeatureEnabled('beta-ui', undefined as never),
        all: await client.getAllFlags(undefined as never),
        keys: snapshot.keys,
        snapshotRead: snapshot.isEnabled('beta-ui'),
      };
    });
    assert.deepEqual(results, { flag: undefined, enabled: undefined, all: {}, keys: [], snapshotRead: false });
    await client.flush();
    assert.equal(recorder.requestsTo('flags').length, 0, 'no feature-flag request');
    assert.equal(recorder.events.filter((e) => e.event === '$feature_flag_called').length, 0);
    await client.shutdown();
  });

  it('malformed server headers are sanitized or omitted', async () => {
    const { client } = testClient(recorder.url);
    await inExpressRequest(client, { 'x-posthog-distinct-id': '  user\u0000-1\u0007\u009f23 \t', 'x-posthog-session-id': 'x'.repeat(5_000) }, () =>
      client.capture({ event: 'cleaned' } as never),
    );
    await inExpressRequest(client, { 'x-posthog-distinct-id': ' \u0001\u0002 ', 'x-posthog-session-id': '' }, () => client.capture({ event: 'omitted' } as never));
    await client.flush();
    const [cleaned, omitted] = recorder.events;
    assert.equal(cleaned.distinct_id, 'user-123', 'trimmed and stripped of control characters');
    assert.equal(cleaned.properties.$session_id, 'x'.repeat(MAX_HEADER_VALUE_LENGTH), 'capped');
    assert.notEqual(omitted.distinct_id, '', 'an empty id is not used');
    assert.equal(omitted.properties.$process_person_profile, false, 'no usable id: personless');
    assert.equal('$session_id' in omitted.properties, false, 'an empty session id is omitted');
    await client.shutdown();
  });

  it('tracing header identity is not authentication', async () => {
    recorder.serveFlags({ 'admin-panel': true });
    const { client } = testClient(recorder.url, { sendFeatureFlagEvent: false });
    await inExpressRequest(client, { 'x-posthog-distinct-id': 'attacker-controlled-id' }, async () => {
      // The application authenticated the caller itself and says who it is for analytics.
      await client.withContext({ distinctId: 'authenticated-user' }, async () => {
        client.capture({ event: 'Backend Work' } as never);
        await client.getFeatureFlag('admin-panel', undefined as never);
      });
    });
    await client.flush();
    assert.equal(recorder.events[0].distinct_id, 'authenticated-user');
    assert.equal((recorder.requestsTo('flags')[0].body as { distinct_id: string }).distinct_id, 'authenticated-user');
    for (const request of recorder.requests) assert.ok(!JSON.stringify(request.body).includes('attacker-controlled-id'), `header identity reached ${request.route}`);
    await client.shutdown();
  });

  it('request contexts are isolated', async () => {
    const { client } = testClient(recorder.url);
    // Request a starts, request b runs to completion while a waits, then a captures: each must see only its own headers.
    let resumeA!: () => void;
    const aMayCapture = new Promise<void>((resolve) => (resumeA = resolve));
    const a = inExpressRequest(client, { 'x-posthog-distinct-id': 'user-a', 'x-posthog-session-id': 'session-a' }, async () => {
      await aMayCapture;
      client.capture({ event: 'from a' } as never);
    });
    const b = inExpressRequest(client, { 'x-posthog-distinct-id': 'user-b', 'x-posthog-session-id': 'session-b' }, () => {
      client.capture({ event: 'from b' } as never);
      resumeA();
    });
    await Promise.all([a, b]);
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.distinct_id, e.properties.$session_id]), [
      ['from b', 'user-b', 'session-b'],
      ['from a', 'user-a', 'session-a'],
    ]);
    await client.shutdown();
  });
});

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

  it('collects request properties: url (on the Host header when trusted), method, path, user agent, first forwarded ip', () => {
    const ctx = contextFromRequest({
      method: 'POST',
      url: '/checkout?step=2',
      headers: { host: 'shop.example', 'user-agent': 'curl/8', 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
    }, { trustHostHeader: true });
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
  it('outside any context a capture without an id is dropped with a warning and no request', async () => {
    const { client, logger } = testClient(recorder.url);
    client.capture({ event: 'nobody' } as never);
    await client.flush();
    assert.equal(recorder.requests.length, 0);
    assert.equal(logger.matching(/distinctId/).length, 1);
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
