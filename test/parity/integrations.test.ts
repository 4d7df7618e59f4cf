// posthog-node's integrations, each with the real library it plugs into: Sentry (@sentry/node),
// NestJS interceptors (rxjs), OpenTelemetry span processors (@opentelemetry/sdk-trace-base), and
// the fetch-style and Express request helpers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { context as otelContext, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import * as Sentry from '@sentry/node';
import { firstValueFrom, of, throwError } from 'rxjs';
import {
  FeatureFlagError,
  HTTP_SERVER_REQUEST_COUNT_METRIC,
  PostHogSentryIntegration,
  cookieStateToProperties,
  cookieStoreFromHeader,
  enrichCurrentSpan,
  getPostHogCookieName,
  instrumentRequest,
  parsePostHogCookie,
  readPostHogCookie,
  sentryIntegration,
  serializePostHogCookie,
  setupExpressRequestContext,
  uuidv7,
} from '../../src/index.js';
import { PostHogInterceptor } from '../../src/nestjs.js';
import { PostHogContextSpanProcessor } from '../../src/otel.js';
import type { RequestContext } from '../../src/index.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

describe('Sentry integration (with @sentry/node)', () => {
  it('adds the PostHog person URL to Sentry events and sends the exception to PostHog', async () => {
    const { client } = testClient(recorder.url);
    const seen: Sentry.ErrorEvent[] = [];
    Sentry.init({
      dsn: 'https://public@o1.ingest.sentry.io/42',
      defaultIntegrations: false,
      integrations: [sentryIntegration(client, { organization: 'acme', projectId: 42 })],
      beforeSend: (event) => {
        seen.push(event);
        return null; // nothing leaves for Sentry
      },
    });
    Sentry.setTag('posthog_distinct_id', 'user-1');
    Sentry.captureException(new Error('boom'));
    await Sentry.flush(2_000);
    Sentry.setTag('posthog_distinct_id', undefined);
    await client.flush();
    assert.equal(seen[0].tags?.['PostHog Person URL'], new URL('/project/phc_test_key/person/user-1', recorder.url).toString());
    const [event] = recorder.events;
    assert.deepEqual([event.event, event.distinct_id, event.properties.$exception_message], ['$exception', 'user-1', 'boom']);
    assert.match(String(event.properties.$sentry_url), /^https:\/\/sentry\.io\/organizations\/acme\/issues\/\?project=42&query=/);
    assert.equal((event.properties.$exception_list as Array<{ type: string }>)[0].type, 'Error');
    await Sentry.close();
    await client.shutdown();
  });

  it('PostHogSentryIntegration (Sentry v7 style) processes only allowed levels', async () => {
    const { client } = testClient(recorder.url);
    let processor: ((event: unknown) => unknown) | undefined;
    new PostHogSentryIntegration(client, 'acme', undefined, ['fatal']).setupOnce((p) => (processor = p), () => ({ getClient: () => ({ getDsn: () => ({ projectId: '7' }) }) }));
    processor?.({ level: 'error', tags: { posthog_distinct_id: 'u' }, exception: { values: [{ type: 'E', value: 'skipped' }] } });
    processor?.({ level: 'fatal', tags: { posthog_distinct_id: 'u' }, exception: { values: [{ type: 'E', value: 'sent' }] }, event_id: 'x' });
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => e.properties.$exception_message), ['sent']);
    await client.shutdown();
  });
});

describe('NestJS interceptor (with rxjs)', () => {
  const nestContext = (request: Record<string, unknown>, response: Record<string, unknown> = {}) => ({ switchToHttp: () => ({ getRequest: <T>() => request as T, getResponse: <T>() => response as T }) });

  it('runs the handler in a request context from the tracing headers; getDistinctId wins', async () => {
    const { client } = testClient(recorder.url);
    const request = { method: 'GET', url: '/items?x=1', headers: { host: 'shop.test', 'x-posthog-distinct-id': 'header-user', 'x-posthog-session-id': 's-1' } };
    const seen = (await firstValueFrom(new PostHogInterceptor(client).intercept(nestContext(request), { handle: () => of(client.getContext()) }))) as RequestContext | undefined;
    assert.deepEqual([seen?.distinctId, seen?.sessionId, seen?.properties?.$request_path], ['header-user', 's-1', '/items']);
    const chosen = await firstValueFrom(new PostHogInterceptor(client, { getDistinctId: () => 'app-user' }).intercept(nestContext(request), { handle: () => of(client.getContext()?.distinctId) }));
    assert.equal(chosen, 'app-user');
    await client.shutdown();
  });

  it('with captureExceptions, reports 5xx and status-less errors, not 4xx, and rethrows them', async () => {
    const { client } = testClient(recorder.url);
    const interceptor = new PostHogInterceptor(client, { captureExceptions: true });
    const request = { method: 'POST', url: '/pay', headers: { 'x-posthog-distinct-id': 'payer' } };
    const notFound = Object.assign(new Error('missing'), { getStatus: () => 404 });
    for (const error of [new Error('crashed'), notFound]) {
      await assert.rejects(firstValueFrom(interceptor.intercept(nestContext(request, { statusCode: 500 }), { handle: () => throwError(() => error) })), error);
    }
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.distinct_id, e.properties.$response_status_code]), [['$exception', 'payer', 500]]);
    await client.shutdown();
  });
});

describe('OpenTelemetry span processor (with @opentelemetry/sdk-trace-base)', () => {
  it('stamps spans started in a PostHog context with posthogDistinctId and sessionId', async () => {
    const { client } = testClient(recorder.url);
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new PostHogContextSpanProcessor(client), new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('test');
    client.withContext({ distinctId: 'traced-user', sessionId: 'sess' }, () => tracer.startSpan('inside').end());
    tracer.startSpan('outside').end();
    const [inside, outside] = exporter.getFinishedSpans();
    assert.deepEqual([inside.attributes.posthogDistinctId, inside.attributes.sessionId], ['traced-user', 'sess']);
    assert.equal(outside.attributes.posthogDistinctId, undefined);
    // A span already active when the context is entered is stamped by enrichCurrentSpan.
    const manager = new AsyncLocalStorageContextManager().enable();
    otelContext.setGlobalContextManager(manager);
    const span = tracer.startSpan('request');
    otelContext.with(trace.setSpan(otelContext.active(), span), () => {
      client.withContext({ distinctId: 'late' }, () => enrichCurrentSpan(client));
    });
    span.end();
    otelContext.disable();
    assert.equal(exporter.getFinishedSpans()[2].attributes.posthogDistinctId, 'late');
    await provider.shutdown();
    await client.shutdown();
  });
});

describe('request helpers', () => {
  it('instrumentRequest runs the handler in the request context and records request metrics', async () => {
    const { client } = testClient(recorder.url);
    const request = new Request('https://shop.test/cart#top', { headers: { 'x-posthog-distinct-id': 'shopper' } });
    const response = await instrumentRequest(client, request, () => {
      client.capture({ event: 'cart viewed' });
      return new Response('ok', { status: 201 });
    }, { getRoute: () => '/cart' });
    assert.equal(response.status, 201);
    await client.metrics.flush();
    await client.flush();
    assert.deepEqual(recorder.events.map((e) => [e.event, e.distinct_id, e.properties.$request_path]), [['cart viewed', 'shopper', '/cart']]);
    const metrics = recorder.requestsTo('other').find((r) => r.path === '/i/v1/metrics')?.body as { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: Array<{ name: string }> }> }> };
    assert.deepEqual(metrics.resourceMetrics[0].scopeMetrics[0].metrics.map((m) => m.name).sort(), [HTTP_SERVER_REQUEST_COUNT_METRIC, 'http.server.request.duration']);
    await client.shutdown();
  });

  it('setupExpressRequestContext: each request in its own context, the PostHog cookie read with readPostHogCookie', async () => {
    const { client } = testClient(recorder.url, { readPostHogCookie: true, disable_capture_url_hashes: true });
    let middleware: ((req: unknown, res: unknown, next: () => void) => void) | undefined;
    setupExpressRequestContext(client, { use: (m) => (middleware = m as typeof middleware) });
    const cookie = `${getPostHogCookieName('phc_test_key')}=${encodeURIComponent(JSON.stringify({ distinct_id: 'cookie-user', $sesid: [1, 'cookie-session', 1] }))}`;
    let seen: ReturnType<typeof client.getContext>;
    middleware?.({ method: 'GET', url: '/a#frag', headers: { host: 'x.test', cookie } }, {}, () => (seen = client.getContext()));
    assert.deepEqual([seen?.distinctId, seen?.sessionId, seen?.properties?.$current_url], ['cookie-user', 'cookie-session', '/a'], 'the Host header is not trusted by default (main, issue 8 item 12)');
    await client.shutdown();
  });

  it('cookie helpers, uuidv7 and FeatureFlagError behave as posthog-node\'s', () => {
    const value = serializePostHogCookie('anon-1');
    const state = parsePostHogCookie(value);
    assert.equal(state?.distinctId, 'anon-1');
    assert.equal(state?.isIdentified, false);
    assert.deepEqual(cookieStateToProperties(state), { $session_id: state?.sessionId, $device_id: 'anon-1' });
    assert.equal(getPostHogCookieName('phc_a+b/c='), 'ph_phc_aPLbSLcEQ_posthog');
    const store = cookieStoreFromHeader(`other=1; ${getPostHogCookieName('phc_k')}=${encodeURIComponent(value)}; bad=%zz`);
    assert.equal(readPostHogCookie(store, 'phc_k')?.distinctId, 'anon-1');
    assert.equal(store.get('bad')?.value, '%zz');
    assert.equal(parsePostHogCookie('not json'), null);
    assert.match(uuidv7(), /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual([FeatureFlagError.QUOTA_LIMITED, FeatureFlagError.apiError(503)], ['quota_limited', 'api_error_503']);
  });
});
