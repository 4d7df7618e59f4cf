// Issue 8, item 12: request headers are hints from anyone. Ids made only of invisible characters
// are absent; $current_url is capped like the ids; the Host header builds $current_url only when
// the app says a proxy it runs sets it. CR/LF/NUL stripping and the 1,000-character cap stay.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextFromRequest } from '../../src/context/request-context.js';
import { MAX_HEADER_VALUE_LENGTH, sanitizeHeaderValue } from '../../src/context/tracing-headers.js';
import { posthogExpress } from '../../src/integrations/express.js';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('hostile request headers', () => {
  it('an id made only of zero-width or bidi characters is no id; real ids keep their text', () => {
    for (const invisible of ['\u200b', '\u202e', '\u2028', '\u200b\u200c\u200d\ufeff', ' \u2066\u2069 ', '\u061c\u200e\u200f']) {
      const ctx = contextFromRequest({ headers: { 'x-posthog-distinct-id': invisible, 'x-posthog-session-id': invisible } });
      assert.deepEqual([ctx.distinctId, ctx.sessionId], [undefined, undefined], JSON.stringify(invisible));
    }
    assert.equal(sanitizeHeaderValue('user\u200b42'), 'user\u200b42');
    assert.equal(sanitizeHeaderValue('a\r\nb\u0000c\u2028d'), 'abcd');
    assert.equal(sanitizeHeaderValue('x'.repeat(5000))?.length, MAX_HEADER_VALUE_LENGTH);
  });

  it('$current_url and $request_path are capped like the ids', () => {
    const ctx = contextFromRequest({ url: `/p?q=${'x'.repeat(20_000)}`, headers: { host: 'shop.example' } }, { trustHostHeader: true });
    const length = (value: unknown) => String(value).length;
    assert.equal(length(ctx.properties?.$current_url), MAX_HEADER_VALUE_LENGTH);
    assert.ok(length(ctx.properties?.$request_path) <= MAX_HEADER_VALUE_LENGTH);
    const absolute = contextFromRequest({ url: `https://shop.example/${'y'.repeat(20_000)}` });
    assert.equal(length(absolute.properties?.$current_url), MAX_HEADER_VALUE_LENGTH);
  });

  it('the Host header builds $current_url only when trusted; an absolute URL is used as given', () => {
    const request = { url: '/checkout', headers: { host: 'evil.example' } };
    assert.equal(contextFromRequest(request).properties?.$current_url, '/checkout');
    assert.equal(contextFromRequest(request, { trustHostHeader: true }).properties?.$current_url, 'http://evil.example/checkout');
    assert.equal(contextFromRequest({ url: 'https://shop.example/a', headers: { host: 'evil.example' } }).properties?.$current_url, 'https://shop.example/a');
  });

  it('through the Express middleware: an invisible id makes the event personless, and a spoofed Host stays out of it', async () => {
    const { client } = testClient(recorder.url);
    const middleware = posthogExpress(client);
    middleware({ url: '/pay', headers: { host: 'evil.example', 'x-posthog-distinct-id': '\u202e\u200b' } }, {}, () => {
      client.capture({ event: 'paid' } as never);
    });
    await client.flush();
    const [event] = recorder.events;
    assert.equal(event.properties.$process_person_profile, false, 'no user claimed by invisible text');
    assert.equal(event.properties.$current_url, '/pay');
    await client.shutdown();
  });
});
