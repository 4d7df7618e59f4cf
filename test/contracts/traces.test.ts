// Contract: traces (PostHog/sdk-specs openspec/specs/traces). One test per server scenario, named by
// its title. Not applicable to a server SDK, so not here: "context manager form" (Python), "variable
// data kept out of the name" (posthog-ts records no spans of its own), "token query param fallback"
// (every server runtime can set headers), "browser send avoids CORS preflight" and "unload beacon
// fallback" (browser), "background flush" (mobile app lifecycle). OpenTelemetry interop is in
// test/traces/otel-interop.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LIB_NAME } from '../../src/base/version.js';
import type { Span, SpanRecord } from '../../src/index.js';
import type { Scheduler } from '../../src/platform/platform.js';
import { type Recorder, startRecorder } from '../../src/testing/index.js';
import { resolveTracesConfig } from '../../src/traces/traces-config.js';
import { testClient } from '../helpers/client.js';
import { logsOf, nanos, spanNamed, spansOf } from '../helpers/otlp.js';
import { useRecorder } from '../helpers/recorder.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

/** A client with tracing on (`traces: {}` unless given). */
const tracing = (options: Parameters<typeof testClient>[1] = {}, scheduler?: VirtualScheduler | null) =>
  testClient(recorder.url, { traces: {}, ...options }, scheduler === undefined ? new VirtualScheduler('auto') : scheduler);

const names = () => spansOf(recorder).map((s) => s.name);
const spanCount = (request: { body: unknown }) => (request.body as { resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> }).resourceSpans[0].scopeSpans[0].spans.length;
const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const S = '00f067aa0ba902b7';

describe('traces: public span API', () => {
  it('start and end produces one record', async () => {
    const { client } = tracing();
    client.startSpan('checkout').end();
    await client.flush();
    assert.deepEqual(names(), ['checkout']);
    await client.shutdown();
  });

  it('double end is idempotent', async () => {
    const { client } = tracing();
    const span = client.startSpan('once');
    span.end();
    assert.doesNotThrow(() => span.end());
    await client.flush();
    assert.deepEqual(names(), ['once']);
    await client.shutdown();
  });

  it('operations after end are ignored', async () => {
    const { client } = tracing();
    const span = client.startSpan('done');
    span.end();
    assert.doesNotThrow(() => {
      span.setAttribute('k', 'v').setAttributes({ k2: 'v' }).addEvent('late').setStatus('error', 'late').updateName('renamed').recordException(new Error('late'));
    });
    await client.flush();
    const [record] = spansOf(recorder);
    assert.equal(record.name, 'done');
    assert.deepEqual(record.attributes, {});
    assert.deepEqual(record.events, []);
    assert.equal(record.status, undefined);
    await client.shutdown();
  });

  it('name updated after route resolution', async () => {
    const { client } = tracing();
    const span = client.startSpan('HTTP request', { kind: 'server' });
    span.updateName('GET /users/:id');
    span.setAttribute('user.id', '123');
    span.end();
    await client.flush();
    assert.deepEqual(names(), ['GET /users/:id']);
    await client.shutdown();
  });

  it('explicit endTime overrides the derived end', async () => {
    const { client, scheduler } = tracing();
    const now = scheduler!.now();
    const span = client.startSpan('backdated', { startTime: new Date(now - 10_000) });
    span.end(now - 4_000);
    await client.flush();
    const [record] = spansOf(recorder);
    assert.equal(record.startTimeUnixNano, `${now - 10_000}000000`);
    assert.equal(record.endTimeUnixNano, `${now - 4_000}000000`);
    await client.shutdown();
  });
});

describe('traces: no-op span handles', () => {
  it('no-op span when opted out', async () => {
    const { client } = tracing();
    client.disable();
    const span = client.startSpan('x');
    assert.doesNotThrow(() => {
      span.setAttribute('a', 1).setAttributes({ b: 2 }).addEvent('e').setStatus('ok').recordException(new Error('e')).updateName('y');
      span.end();
    });
    assert.equal(span.traceparent(), null);
    await client.flush();
    assert.equal(recorder.requestsTo('traces').length, 0);
    await client.shutdown();
  });

  it('child of a no-op is a no-op', async () => {
    const { client } = tracing();
    client.disable();
    const noop = client.startSpan('n');
    client.enable();
    const child = client.startSpan('child', { parent: noop });
    assert.equal(child.traceparent(), null);
    assert.equal(child.traceId, null);
    child.end();
    noop.end();
    client.withSpan('scoped child', { parent: noop }, (span) => assert.equal(span.traceparent(), null));
    await client.flush();
    assert.equal(recorder.requestsTo('traces').length, 0);
    await client.shutdown();
  });

  it('no-op handle produces no traceparent', async () => {
    const { client } = testClient(recorder.url); // no `traces` option: tracing off
    for (const span of [client.startSpan('x'), client.startSpan('y', { parent: `00-${T}-${S}-01`, tracestate: 'v=1' })]) {
      assert.equal(span.traceparent(), null);
      assert.equal(span.tracestate(), null);
      assert.equal(span.traceId, null);
      assert.equal(span.spanId, null);
    }
    await client.shutdown();
  });

  it('scoped helper still runs with tracing off', async () => {
    const { client } = testClient(recorder.url);
    let runs = 0;
    let active: Span | null | undefined;
    const result = client.withSpan('job', (span) => {
      runs++;
      active = client.getActiveSpan();
      assert.equal(span.traceparent(), null);
      return 'value';
    });
    assert.equal(result, 'value');
    assert.equal(runs, 1);
    assert.equal(active, null);
    await client.flush();
    assert.equal(recorder.requestsTo('traces').length, 0);
    await client.shutdown();
  });
});

describe('traces: scoped span helpers and exception recording', () => {
  it('callback exception is recorded and rethrown', async () => {
    const { client } = tracing();
    const boom = new TypeError('boom');
    assert.throws(
      () =>
        client.withSpan('job', () => {
          throw boom;
        }),
      (error) => error === boom,
    );
    await assert.rejects(client.withSpan('async job', async () => Promise.reject(boom)), (error) => error === boom);
    await client.flush();
    for (const name of ['job', 'async job']) {
      const record = spanNamed(recorder, name);
      assert.deepEqual(record.status, { code: 2, message: 'boom' });
      assert.equal(record.events.length, 1);
      assert.equal(record.events[0].name, 'exception');
      assert.equal(record.events[0].attributes['exception.type'], 'TypeError');
      assert.equal(record.events[0].attributes['exception.message'], 'boom');
    }
    await client.shutdown();
  });

  it('async callback ends at settle', async () => {
    const { client, scheduler } = tracing();
    const result = client.withSpan('job', async () => {
      await scheduler!.sleep(80);
      return 'settled';
    });
    await client.flush();
    assert.equal(recorder.requestsTo('traces').length, 0, 'not exported before the promise settles');
    assert.equal(await result, 'settled');
    await client.flush();
    const record = spanNamed(recorder, 'job');
    assert.equal(nanos(record.endTimeUnixNano) - nanos(record.startTimeUnixNano), 80_000_000n);
    await client.shutdown();
  });

  it('helper ends the span on success', async () => {
    const { client } = tracing();
    assert.equal(
      client.withSpan('job', () => 42),
      42,
    );
    await client.flush();
    const record = spanNamed(recorder, 'job');
    assert.equal(record.status, undefined);
    assert.deepEqual(record.events, []);
    await client.shutdown();
  });

  it('recordException does not end the span', async () => {
    const { client } = tracing();
    const span = client.startSpan('manual');
    span.recordException(new RangeError('out of range'));
    await client.flush();
    assert.equal(recorder.requestsTo('traces').length, 0, 'still live');
    span.setAttribute('after', 1);
    span.end();
    await client.flush();
    const record = spanNamed(recorder, 'manual');
    assert.deepEqual(record.status, { code: 2, message: 'out of range' });
    assert.equal(record.events[0].attributes['exception.type'], 'RangeError');
    assert.equal(record.attributes.after, 1);
    await client.shutdown();
  });
});

describe('traces: trace and span identifiers', () => {
  it('root span gets fresh well-formed ids', async () => {
    const { client } = tracing();
    client.startSpan('a').end();
    client.startSpan('b').end();
    await client.flush();
    const [a, b] = spansOf(recorder);
    for (const record of [a, b]) {
      assert.match(record.traceId, HEX32);
      assert.match(record.spanId, HEX16);
      assert.notEqual(record.traceId, '0'.repeat(32));
      assert.notEqual(record.spanId, '0'.repeat(16));
      assert.equal('parentSpanId' in record.wire, false);
    }
    assert.notEqual(a.traceId, b.traceId);
    await client.shutdown();
  });

  it('child inherits trace id', async () => {
    const { client } = tracing();
    client.withSpan('A', () => client.startSpan('B').end());
    await client.flush();
    const a = spanNamed(recorder, 'A');
    const b = spanNamed(recorder, 'B');
    assert.equal(b.traceId, a.traceId);
    assert.equal(b.parentSpanId, a.spanId);
    await client.shutdown();
  });
});

describe('traces: active span context and parenting', () => {
  it('default parenting from active span', async () => {
    const { client } = tracing();
    await client.withSpan('parent', async () => {
      client.startSpan('child').end();
      await new Promise((resolve) => setTimeout(resolve, 1));
      client.startSpan('child after await').end();
    });
    await client.flush();
    const parent = spanNamed(recorder, 'parent');
    assert.equal(spanNamed(recorder, 'child').parentSpanId, parent.spanId);
    assert.equal(spanNamed(recorder, 'child after await').parentSpanId, parent.spanId);
    await client.shutdown();
  });

  it('manual spans do not activate', async () => {
    const { client } = tracing();
    client.withSpan('active', (active) => {
      const manual = client.startSpan('M');
      assert.equal(client.getActiveSpan(), active);
      assert.notEqual(client.getActiveSpan(), manual);
      client.startSpan('other').end();
      manual.end();
    });
    const outside = client.startSpan('M outside');
    assert.equal(client.getActiveSpan(), null);
    client.startSpan('root').end();
    outside.end();
    await client.flush();
    assert.equal(spanNamed(recorder, 'other').parentSpanId, spanNamed(recorder, 'active').spanId);
    assert.equal('parentSpanId' in spanNamed(recorder, 'root').wire, false);
    await client.shutdown();
  });

  it('explicit parent overrides active span', async () => {
    const { client } = tracing();
    const b = client.startSpan('B');
    client.withSpan('A', () => client.startSpan('child', { parent: b }).end());
    b.end();
    await client.flush();
    const child = spanNamed(recorder, 'child');
    assert.equal(child.parentSpanId, spanNamed(recorder, 'B').spanId);
    assert.equal(child.traceId, spanNamed(recorder, 'B').traceId);
    await client.shutdown();
  });

  it('no active span reads as null', async () => {
    const { client } = tracing();
    assert.equal(client.getActiveSpan(), null);
    client.withSpan('x', () => assert.notEqual(client.getActiveSpan(), null));
    assert.equal(client.getActiveSpan(), null);
    await client.shutdown();
  });

  it('logs correlate with the active span', async () => {
    const { client } = tracing();
    let ids: [string | null, string | null] = [null, null];
    client.withSpan('work', (span) => {
      ids = [span.traceId, span.spanId];
      client.captureLog({ body: 'step done' });
    });
    await client.flush();
    const [log] = logsOf(recorder);
    assert.deepEqual([log.traceId, log.spanId], ids);
    assert.match(String(log.traceId), HEX32);
    await client.shutdown();
  });
});

describe('traces: trace context interop', () => {
  it('continuing a remote trace', async () => {
    const { client } = tracing();
    client.startSpan('sampled', { parent: `00-${T}-${S}-01` }).end();
    client.withSpan('unsampled', { parent: `00-${T}-${S}-00` }, () => {});
    await client.flush();
    for (const name of ['sampled', 'unsampled']) {
      const record = spanNamed(recorder, name);
      assert.equal(record.traceId, T);
      assert.equal(record.parentSpanId, S);
    }
    await client.shutdown();
  });

  it('producing a traceparent', async () => {
    const { client } = tracing();
    const span = client.startSpan('s');
    assert.equal(span.traceparent(), `00-${span.traceId}-${span.spanId}-01`);
    assert.match(String(span.traceId), HEX32);
    span.end();
    await client.shutdown();
  });

  it('tracestate preserved opaquely', async () => {
    const { client } = tracing();
    client.withSpan('continued', { parent: `00-${T}-${S}-01`, tracestate: 'vendor=abc' }, (span) => {
      assert.equal(span.tracestate(), 'vendor=abc');
      client.startSpan('child').end();
    });
    client.startSpan('bad state', { parent: `00-${T}-${S}-01`, tracestate: 'no equals sign' }).end();
    await client.flush();
    assert.equal(spanNamed(recorder, 'continued').traceState, 'vendor=abc');
    assert.equal(spanNamed(recorder, 'child').traceState, 'vendor=abc');
    // An invalid tracestate is discarded without invalidating the traceparent.
    assert.equal(spanNamed(recorder, 'bad state').traceState, undefined);
    assert.equal(spanNamed(recorder, 'bad state').parentSpanId, S);
    await client.shutdown();
  });

  it('malformed traceparent ignored', async () => {
    const { client } = tracing();
    for (const parent of ['garbage', `00-${'0'.repeat(32)}-${S}-01`, `ff-${T}-${S}-01`, `00-${T.toUpperCase()}-${S}-01`]) {
      assert.doesNotThrow(() => client.startSpan(`from ${parent}`, { parent }).end());
    }
    await client.flush();
    assert.equal(spansOf(recorder).length, 4);
    for (const record of spansOf(recorder)) {
      assert.equal('parentSpanId' in record.wire, false);
      assert.match(record.traceId, HEX32);
      assert.notEqual(record.traceId, T);
    }
    await client.shutdown();
  });
});

describe('traces: span data model', () => {
  it('default kind and unset status', async () => {
    const { client } = tracing();
    client.startSpan('plain').end();
    client.startSpan('server', { kind: 'server' }).end();
    await client.flush();
    assert.equal(spanNamed(recorder, 'plain').kind, 1);
    assert.equal('status' in spanNamed(recorder, 'plain').wire, false);
    assert.equal(spanNamed(recorder, 'server').kind, 2);
    assert.equal(spanNamed(recorder, 'plain').flags & 0xff, 1, 'sampled');
    await client.shutdown();
  });

  it('timestamps are strings and ordered', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client } = tracing({}, scheduler);
    const span = client.startSpan('timed');
    scheduler.advance(250);
    span.end();
    const done = client.flush();
    await done;
    const [record] = spansOf(recorder);
    assert.equal(typeof record.wire.startTimeUnixNano, 'string');
    assert.equal(typeof record.wire.endTimeUnixNano, 'string');
    assert.equal(nanos(record.endTimeUnixNano) - nanos(record.startTimeUnixNano), 250_000_000n);
    await client.shutdown(0);
  });

  it("event timestamp shares the span's clock basis", async () => {
    // The wall clock jumps back a minute mid-span; the monotonic clock goes on.
    const timers = new VirtualScheduler('auto');
    let wall = 1_800_000_000_000;
    let mono = 0;
    const scheduler: Scheduler = { now: () => wall, monotonicNow: () => mono, setTimeout: (fn, ms) => timers.setTimeout(fn, ms), sleep: (ms, signal) => timers.sleep(ms, signal) };
    const { client } = testClient(recorder.url, { traces: {}, platform: { scheduler } }, null);
    const span = client.startSpan('jumpy');
    mono += 10;
    wall -= 60_000;
    span.addEvent('cache miss');
    mono += 10;
    span.end();
    await client.flush();
    const [record] = spansOf(recorder);
    const start = nanos(record.startTimeUnixNano);
    const event = nanos(record.events[0].timeUnixNano);
    const end = nanos(record.endTimeUnixNano);
    assert.ok(start <= event && event <= end, `${start} ≤ ${event} ≤ ${end}`);
    assert.equal(end - start, 20_000_000n);
    await client.shutdown();
  });
});

describe('traces: client-side validity', () => {
  it('invalid startTime replaced', async () => {
    const { client, scheduler } = tracing();
    const now = scheduler!.now();
    for (const startTime of [1e20, -1, Number.NaN, new Date('not a date')]) client.startSpan('bad start', { startTime }).end(1e20);
    client.startSpan('good').end();
    await client.flush();
    assert.deepEqual(recorder.requestsTo('traces').map((r) => r.outcome), [200], 'no request is poisoned');
    const bad = spansOf(recorder).filter((s) => s.name === 'bad start');
    assert.equal(bad.length, 4);
    for (const record of bad) assert.equal(record.startTimeUnixNano, `${now}000000`);
    await client.shutdown();
  });

  it('end before start corrected', async () => {
    const { client, scheduler } = tracing();
    const now = scheduler!.now();
    client.startSpan('backwards', { startTime: now - 1_000 }).end(now - 5_000);
    await client.flush();
    const [record] = spansOf(recorder);
    assert.equal(record.endTimeUnixNano, record.startTimeUnixNano);
    assert.equal(record.startTimeUnixNano, `${now - 1_000}000000`);
    await client.shutdown();
  });

  it('deep backdating warns', async () => {
    const { client, scheduler, logger } = tracing({ debug: true });
    client.startSpan('old', { startTime: scheduler!.now() - 48 * 3_600_000 }).end();
    client.startSpan('recent', { startTime: scheduler!.now() - 3_600_000 }).end();
    assert.equal(logger.lines.filter((l) => l.level === 'debug' && /more than 24 h ago/.test(l.message)).length, 1);
    await client.shutdown();
  });
});

describe('traces: span limits', () => {
  const wide = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`a${i}`, i]));

  it('attribute overflow trimmed and counted', async () => {
    const { client } = tracing();
    const span = client.startSpan('wide');
    span.setAttributes(wide(130));
    span.end();
    await client.flush();
    const [record] = spansOf(recorder);
    assert.equal(Object.keys(record.attributes).length, 128);
    assert.equal(record.attributes.a127, 127, 'the earliest are kept');
    assert.equal(record.attributes.a128, undefined);
    assert.equal(record.droppedAttributesCount, 2);
    await client.shutdown();
  });

  it('auto-context survives the cap', async () => {
    const { client } = tracing();
    client.withContext({ distinctId: 'user-1', sessionId: 'session-1' }, () => {
      const span = client.startSpan('wide', { attributes: wide(128) });
      span.setAttribute('one more', true);
      span.end();
    });
    await client.flush();
    const [record] = spansOf(recorder);
    assert.equal(record.attributes.posthogDistinctId, 'user-1');
    assert.equal(record.attributes.sessionId, 'session-1');
    assert.equal(Object.keys(record.attributes).length, 130);
    assert.equal(record.droppedAttributesCount, 1);
    await client.shutdown();
  });
});

describe('traces: attribute value encoding', () => {
  const wireValue = (record: { wire: Record<string, unknown> }, key: string) =>
    (record.wire.attributes as Array<{ key: string; value: unknown }>).find((a) => a.key === key)?.value;

  it('integer attribute stringified', async () => {
    const { client } = tracing();
    client.startSpan('s', { attributes: { n: 42, f: 0.5, b: true, s: 'x' } }).end();
    await client.flush();
    const [record] = spansOf(recorder);
    assert.deepEqual(wireValue(record, 'n'), { intValue: '42' });
    assert.deepEqual(wireValue(record, 'f'), { doubleValue: 0.5 });
    assert.deepEqual(wireValue(record, 'b'), { boolValue: true });
    await client.shutdown();
  });

  it('null attribute dropped', async () => {
    const { client } = tracing();
    const span = client.startSpan('s', { attributes: { gone: null, kept: 1 } });
    span.setAttribute('set then cleared', 'x');
    span.setAttribute('set then cleared', null);
    span.end();
    await client.flush();
    assert.deepEqual(spansOf(recorder)[0].attributes, { kept: 1 });
    await client.shutdown();
  });

  it('integer beyond int64 encoded as string', async () => {
    const { client, logger } = tracing({ debug: true });
    client.startSpan('s', { attributes: { big: 2n ** 64n, bigNumber: 2 ** 64, fits: 2n ** 62n } }).end();
    await client.flush();
    const [record] = spansOf(recorder);
    assert.deepEqual(wireValue(record, 'big'), { stringValue: '18446744073709551616' });
    assert.deepEqual(wireValue(record, 'bigNumber'), { stringValue: '18446744073709551616' });
    assert.deepEqual(wireValue(record, 'fits'), { intValue: String(2n ** 62n) });
    assert.equal(logger.lines.filter((l) => l.level === 'debug' && /outside the int64 range/.test(l.message)).length, 2);
    await client.shutdown();
  });
});

describe('traces: auto-captured context attributes', () => {
  it('distinct id snapshot frozen at start', async () => {
    const { client } = tracing();
    const span = client.withContext({ distinctId: 'a' }, () => client.startSpan('s'));
    client.withContext({ distinctId: 'b' }, () => span.end());
    await client.flush();
    assert.equal(spansOf(recorder)[0].attributes.posthogDistinctId, 'a');
    await client.shutdown();
  });

  it('absent session omits the key', async () => {
    const { client } = tracing();
    client.withContext({ distinctId: 'a' }, () => client.startSpan('in context').end());
    client.startSpan('no context').end();
    await client.flush();
    assert.deepEqual(spanNamed(recorder, 'in context').attributes, { posthogDistinctId: 'a' });
    assert.deepEqual(spanNamed(recorder, 'no context').attributes, {});
    await client.shutdown();
  });

  it('user attribute wins', async () => {
    const { client } = tracing();
    client.withContext({ distinctId: 'a' }, () => client.startSpan('s', { attributes: { posthogDistinctId: 'override' } }).end());
    await client.flush();
    assert.equal(spansOf(recorder)[0].attributes.posthogDistinctId, 'override');
    await client.shutdown();
  });
});

describe('traces: resource and scope', () => {
  it('service name always present', async () => {
    const { client } = tracing();
    client.startSpan('s').end();
    await client.flush();
    assert.equal(spansOf(recorder)[0].resource['service.name'], 'unknown_service');
    await client.shutdown();
  });

  it('identity keys protected', async () => {
    const { client } = tracing({ traces: { serviceName: 'api', resourceAttributes: { 'telemetry.sdk.name': 'custom', 'service.name': 'other', region: 'eu' } } });
    client.startSpan('s').end();
    await client.flush();
    const { resource, scope } = spansOf(recorder)[0];
    assert.equal(resource['telemetry.sdk.name'], LIB_NAME);
    assert.equal(resource['service.name'], 'api');
    assert.equal(resource.region, 'eu');
    assert.equal(scope.name, LIB_NAME);
    await client.shutdown();
  });
});

describe('traces: payload envelope', () => {
  it('one batch one envelope', async () => {
    const { client } = tracing();
    for (let i = 0; i < 20; i++) client.startSpan(`s${i}`).end();
    await client.flush();
    const requests = recorder.requestsTo('traces');
    assert.equal(requests.length, 1);
    const body = requests[0].body as { resourceSpans: Array<{ scopeSpans: unknown[] }> };
    assert.equal(body.resourceSpans.length, 1);
    assert.equal(body.resourceSpans[0].scopeSpans.length, 1);
    assert.equal(spanCount(requests[0]), 20);
    await client.shutdown();
  });
});

describe('traces: HTTP transport', () => {
  it('endpoint and bearer auth', async () => {
    const { PostHog } = await import('../../src/index.js');
    const client = new PostHog('phc_abc', { host: `${recorder.url}/`, traces: {}, platform: { scheduler: new VirtualScheduler() } });
    client.startSpan('s').end();
    await client.flush();
    const [request] = recorder.requestsTo('traces');
    assert.equal(request.path, '/i/v1/traces');
    assert.equal(request.headers.authorization, 'Bearer phc_abc');
    assert.deepEqual(request.query, {});
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.outcome, 200);
    await client.shutdown();
  });
});

describe('traces: compression', () => {
  it('gzipped batch', async () => {
    const { client } = tracing();
    client.startSpan('s').end();
    await client.flush();
    assert.equal(recorder.requestsTo('traces')[0].headers['content-encoding'], 'gzip');
    assert.deepEqual(names(), ['s']);
    await client.shutdown();
  });

  it('gzip unavailable', async () => {
    const { client } = tracing({ platform: { scheduler: new VirtualScheduler(), gzip: undefined } });
    client.startSpan('s').end();
    await client.flush();
    const [request] = recorder.requestsTo('traces');
    assert.equal(request.headers['content-encoding'], undefined);
    assert.equal(request.bytes, request.decodedBytes);
    assert.deepEqual(names(), ['s']);
    await client.shutdown();
  });
});

describe('traces: span queue', () => {
  it('overflow drops the new span', async () => {
    const { client, logger } = tracing({ traces: { maxExportBatchSize: 2, maxQueueSize: 3 } });
    // The first two leave at once (a full batch) and are in flight; the queue then fills behind them.
    for (const name of ['sent 1', 'sent 2', 'q1', 'q2', 'q3', 'incoming']) client.startSpan(name).end();
    await client.flush();
    assert.deepEqual(names(), ['sent 1', 'sent 2', 'q1', 'q2', 'q3']);
    assert.equal(logger.matching(/traces: 1 span\(s\) dropped: 1 queue_full/).length, 1);
    await client.shutdown();
  });
});

describe('traces: live span bounds', () => {
  it('leaked spans are bounded', async () => {
    const { client, logger } = tracing({ traces: { maxLiveSpans: 3 } });
    const leaked = [client.startSpan('l1'), client.startSpan('l2'), client.startSpan('l3')];
    assert.ok(leaked.every((s) => s.traceparent() !== null));
    const refused = Array.from({ length: 100 }, () => client.startSpan('one too many'));
    assert.ok(refused.every((s) => s.traceparent() === null));
    const live = (client as unknown as { state: { telemetry: { tracer: { live: Map<string, number> } } } }).state.telemetry.tracer.live;
    assert.equal(live.size, 3, 'bookkeeping does not grow past the bound');
    assert.equal(logger.matching(/span\(s\) dropped: .*refused at maxLiveSpans \(3\)/).length, 1, 'one warning per interval');
    await client.shutdown();
  });

  it('age eviction re-enables tracing', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client, logger } = tracing({ traces: { maxLiveSpans: 2, maxSpanAgeMs: 60_000 } }, scheduler);
    const leaked = [client.startSpan('leak 1'), client.startSpan('leak 2')];
    assert.equal(client.startSpan('refused').traceparent(), null);
    scheduler.advance(60_000);
    const fresh = client.startSpan('fresh');
    assert.notEqual(fresh.traceparent(), null);
    fresh.end();
    for (const span of leaked) span.end(); // evicted: their handles export nothing
    const done = client.flush();
    await done;
    assert.deepEqual(names(), ['fresh']);
    assert.ok(logger.matching(/evicted: live longer than maxSpanAgeMs/).length >= 1);
    await client.shutdown(0);
  });
});

describe('traces: flush triggers', () => {
  it('global flush includes traces', async () => {
    const { client } = tracing();
    client.capture({ distinctId: 'u', event: 'e' });
    client.startSpan('s').end();
    await client.flush();
    assert.equal(recorder.events.length, 1);
    assert.deepEqual(names(), ['s']);
    await client.shutdown();
  });
});

describe('traces: batch assembly and concurrency', () => {
  it('single flight', async () => {
    recorder.inject('traces', { kind: 'delay', ms: 100 });
    const { client } = tracing();
    client.startSpan('head').end();
    const first = client.flush();
    await recorder.waitForRequests('traces', 1);
    client.startSpan('later').end();
    const second = client.flush();
    await Promise.all([first, second]);
    const [a, b] = recorder.requestsTo('traces');
    assert.deepEqual(names(), ['head', 'later'], 'the head is sent once');
    assert.ok(a.answeredAt !== undefined && b.receivedAt >= a.answeredAt, 'the second request waits for the first answer');
    await client.shutdown();
  });

  it('hung request cannot wedge the pipeline', async () => {
    recorder.inject('traces', { kind: 'hang' });
    // Real time: the request deadline is a real timer, long enough that the retry's answer is read
    // before it even on a machine busy enough to stall the loop for a while (100 ms was not: the
    // answered retry timed out once and was sent a third time).
    const { client } = tracing({ requestTimeout: 2_000, retryDelay: 1 }, null);
    client.startSpan('survivor').end();
    await client.flush();
    assert.deepEqual(recorder.requestsTo('traces').map((r) => r.outcome), ['hang', 200]);
    assert.deepEqual(names(), ['survivor']);
    await client.shutdown();
  });

  it('mid-flush trigger drains later spans', async () => {
    recorder.inject('traces', { kind: 'delay', ms: 50 });
    const { client } = tracing();
    client.startSpan('before watermark').end();
    const first = client.flush();
    await recorder.waitForRequests('traces', 1);
    client.startSpan('after watermark').end();
    await client.flush(); // joins the active flush and covers the later span
    assert.deepEqual(names(), ['before watermark', 'after watermark']);
    await first;
    await client.shutdown();
  });
});

describe('traces: shutdown flush', () => {
  it('bounded final flush', async () => {
    const { client } = tracing({}, new VirtualScheduler('manual'));
    client.startSpan('ended').end();
    const open = client.startSpan('still open at shutdown');
    await client.shutdown(1_000);
    open.end(); // documented: spans open at shutdown are discarded
    assert.deepEqual(names(), ['ended']);
    recorder.setFaultPolicy('traces', () => ({ kind: 'hang' }));
    const hanging = tracing({}, null);
    hanging.client.startSpan('stuck').end();
    await hanging.client.shutdown(300);
    assert.equal(hanging.logger.matching(/traces: 1 span\(s\) dropped: 1 shutdown_deadline/).length, 1);
  });
});

describe('traces: error handling and retries', () => {
  it('413 shrinks the batch', async () => {
    recorder.inject('traces', { status: 413 });
    const { client } = tracing();
    for (let i = 0; i < 50; i++) client.startSpan(`s${i}`).end();
    await client.flush();
    assert.deepEqual(recorder.requestsTo('traces').map((r) => [r.outcome, spanCount(r)]), [[413, 50], [200, 25], [200, 25]]);
    assert.equal(new Set(names()).size, 50);
    await client.shutdown();
  });

  it('400 is poison, not retried', async () => {
    recorder.inject('traces', { status: 400 });
    const { client, logger } = tracing();
    client.startSpan('poison').end();
    await client.flush();
    client.startSpan('fine').end();
    await client.flush();
    assert.deepEqual(recorder.requestsTo('traces').map((r) => r.outcome), [400, 200]);
    assert.deepEqual(names(), ['fine']);
    assert.equal(logger.matching(/1 rejected/).length, 1);
    await client.shutdown();
  });

  it('retries are bounded', async () => {
    recorder.inject('traces', { status: 500 }, { status: 500 }, { status: 500 });
    const { client, logger } = tracing({ maxRetries: 2 });
    client.startSpan('doomed').end();
    await client.flush();
    client.startSpan('next').end();
    await client.flush();
    assert.deepEqual(recorder.requestsTo('traces').map((r) => r.outcome), [500, 500, 500, 200]);
    assert.deepEqual(names(), ['next']);
    assert.equal(logger.matching(/1 retries_exhausted/).length, 1);
    await client.shutdown();
  });

  it('enqueue continues during backoff', async () => {
    recorder.inject('traces', { status: 500 }, { status: 500 });
    const { client } = tracing();
    client.startSpan('first').end();
    const flushing = client.flush();
    await recorder.waitForRequests('traces', 1);
    client.startSpan('during backoff').end();
    await flushing;
    await client.flush();
    assert.deepEqual(names(), ['first', 'during backoff']);
    await client.shutdown();
  });
});

describe('traces: gating and beforeSpanSend', () => {
  it('beforeSpanSend drops a span', async () => {
    const { client, logger } = tracing({ traces: { beforeSpanSend: (span) => (span.name === 'health' ? null : span) } });
    assert.doesNotThrow(() => client.startSpan('health').end());
    client.startSpan('work').end();
    await client.flush();
    assert.deepEqual(names(), ['work']);
    assert.equal(logger.lines.filter((l) => l.level === 'error').length, 0);
    await client.shutdown();
  });

  it('throwing hook fails closed', async () => {
    const { client, logger } = tracing({
      traces: {
        beforeSpanSend: (span) => {
          if (span.attributes.secret) throw new Error('scrubber broke');
          return span;
        },
      },
    });
    assert.doesNotThrow(() => client.startSpan('leaky', { attributes: { secret: 'hunter2' } }).end());
    client.startSpan('clean').end();
    await client.flush();
    assert.deepEqual(names(), ['clean']);
    assert.equal(JSON.stringify(recorder.requests.map((r) => r.body)).includes('hunter2'), false);
    assert.equal(logger.matching(/beforeSpanSend threw/).length, 1);
    await client.shutdown();
  });

  it('hook sees friendly attributes', async () => {
    let seen: unknown;
    const beforeSpanSend = (span: SpanRecord) => {
      seen = span.attributes.userId;
      return span;
    };
    const { client } = tracing({ traces: { beforeSpanSend } });
    client.startSpan('s', { attributes: { userId: 42 } }).end();
    await client.flush();
    assert.equal(seen, 42);
    await client.shutdown();
  });

  it('identity fields are readable but immutable', async () => {
    let read: string | undefined;
    const { client, logger } = tracing({
      debug: true,
      traces: {
        beforeSpanSend: [
          (span) => {
            read = span.traceId;
            (span as { traceId: string }).traceId = 'f'.repeat(32);
            return span;
          },
          (span): SpanRecord => ({ ...span, spanId: 'e'.repeat(16), name: `${span.name}!` }) as SpanRecord,
        ],
      },
    });
    const span = client.startSpan('s');
    const [traceId, spanId] = [span.traceId, span.spanId];
    span.end();
    await client.flush();
    const [record] = spansOf(recorder);
    assert.equal(read, traceId);
    assert.equal(record.traceId, traceId);
    assert.equal(record.spanId, spanId);
    assert.equal(record.name, 's!', 'other fields can change');
    assert.equal(logger.lines.filter((l) => l.level === 'debug' && /traceId is read-only/.test(l.message)).length, 1);
    await client.shutdown();
  });

  it('opt-out mid-trace is safe', async () => {
    const { client } = tracing();
    const span = client.startSpan('live');
    client.disable();
    assert.doesNotThrow(() => {
      span.setAttribute('a', 1);
      span.end();
    });
    await client.flush();
    assert.equal(recorder.requestsTo('traces').length, 0);
    await client.shutdown();
  });
});

describe('traces: configuration knobs', () => {
  it('off until configured', async () => {
    const { client } = testClient(recorder.url);
    const span = client.startSpan('x');
    assert.equal(span.traceparent(), null);
    span.end();
    await client.flush();
    assert.equal(recorder.requestsTo('traces').length, 0);
    await client.shutdown();
  });

  it('shared vocabulary', async () => {
    const service = { serviceName: 'checkout', environment: 'staging', resourceAttributes: { team: 'payments' } };
    const { client } = testClient(recorder.url, { logs: service, traces: service });
    client.captureLog({ body: 'l' });
    client.startSpan('s').end();
    await client.flush();
    const logResource = logsOf(recorder)[0].resource;
    assert.deepEqual(spansOf(recorder)[0].resource, logResource);
    assert.equal(logResource['service.name'], 'checkout');
    assert.equal(logResource['deployment.environment'], 'staging');
    assert.equal(logResource.team, 'payments');
    await client.shutdown();
  });

  it('deliberate defaults', () => {
    const resolved = resolveTracesConfig({}, () => {});
    assert.ok(resolved !== undefined);
    assert.deepEqual(
      [resolved.flushIntervalMs, resolved.maxQueueSize, resolved.maxExportBatchSize, resolved.maxAttributesPerSpan, resolved.maxEventsPerSpan, resolved.maxLiveSpans, resolved.maxSpanAgeMs],
      [5_000, 2_048, 512, 128, 128, 10_000, 3_600_000],
    );
    const source = readFileSync('src/traces/span-types.ts', 'utf8');
    for (const tag of ['@default 5000', '@default 2048', '@default 512', '@default 128', '@default 10000', '@default 3600000']) assert.ok(source.includes(tag), tag);
  });
});

describe('traces: server-side contract', () => {
  it('oversize body', async () => {
    const capped = await startRecorder({ otlpMaxBodyBytes: 20_000 });
    try {
      const { client } = testClient(capped.url, { traces: {}, disableCompression: true });
      for (let i = 0; i < 10; i++) client.startSpan(`s${i}`, { attributes: { payload: 'x'.repeat(4_000) } }).end();
      await client.flush();
      const requests = capped.requestsTo('traces');
      assert.ok(requests.some((r) => r.outcome === 413));
      for (const r of requests.filter((q) => q.outcome === 200)) assert.ok(r.decodedBytes <= 20_000);
      assert.equal(new Set(spansOf(capped).map((s) => s.name)).size, 10);
      await client.shutdown();
    } finally {
      await capped.close();
    }
  });

  it('missing token is rejected', async () => {
    // Every request carries the key; a 401 (no or blocked token) is final: dropped, not retried.
    const { client, logger } = tracing();
    client.startSpan('authorised').end();
    await client.flush();
    assert.equal(recorder.requestsTo('traces')[0].outcome, 200);
    recorder.inject('traces', { status: 401 });
    client.startSpan('refused').end();
    await client.flush();
    assert.deepEqual(recorder.requestsTo('traces').map((r) => r.outcome), [200, 401]);
    assert.equal(logger.matching(/1 rejected/).length, 1);
    await client.shutdown();
  });

  it('wrong token is not detectable', async () => {
    const { PostHog } = await import('../../src/index.js');
    const { MemoryLogger } = await import('../helpers/client.js');
    const logger = new MemoryLogger();
    const client = new PostHog('phc_mistyped_but_plausible', { host: recorder.url, traces: {}, logger, platform: { scheduler: new VirtualScheduler() } });
    client.startSpan('s').end();
    await client.flush();
    assert.equal(recorder.requestsTo('traces')[0].outcome, 200);
    assert.deepEqual(logger.lines.filter((l) => l.level !== 'debug'), [], 'nothing to report: a 200 says nothing about the key');
    // So the documentation does not present a 2xx as proof that tracing is configured.
    assert.ok(readFileSync('src/traces/span-types.ts', 'utf8').includes('A 2xx answer\n * does not prove the project key is right'));
    await client.shutdown();
  });

  it('whole batch rejected on one bad span', async () => {
    // The SDK never lets an unrepresentable time reach the wire …
    const { client, logger } = tracing();
    client.startSpan('good 1').end();
    client.startSpan('would poison', { startTime: 2 ** 70 }).end(-5);
    client.startSpan('good 2').end();
    await client.flush();
    assert.deepEqual(recorder.requestsTo('traces').map((r) => r.outcome), [200]);
    assert.equal(spansOf(recorder).length, 3);
    // … because a 400 loses every span of the request.
    recorder.inject('traces', { status: 400 });
    client.startSpan('lost 1').end();
    client.startSpan('lost 2').end();
    await client.flush();
    assert.equal(spansOf(recorder).length, 3);
    assert.equal(logger.matching(/2 span\(s\) dropped: 2 rejected/).length, 1);
    await client.shutdown();
  });

  it('stale timestamp clamped not dropped', async () => {
    const { client, scheduler } = tracing();
    const twoDaysAgo = scheduler!.now() - 48 * 3_600_000;
    client.startSpan('stale', { startTime: twoDaysAgo }).end(twoDaysAgo + 5);
    await client.flush();
    const [record] = spansOf(recorder);
    assert.equal(record.startTimeUnixNano, `${twoDaysAgo}000000`, 'sent as given; the server clamps it');
    assert.equal(recorder.requestsTo('traces')[0].outcome, 200);
    await client.shutdown();
  });

  it('no quota signal required', async () => {
    const { client, scheduler } = tracing();
    client.startSpan('plain').end();
    await client.flush();
    assert.deepEqual(names(), ['plain']);
    recorder.inject('traces', { status: 429, retryAfter: 3 });
    client.startSpan('throttled').end();
    await client.flush();
    assert.deepEqual(recorder.requestsTo('traces').map((r) => r.outcome), [200, 429, 200]);
    assert.ok(scheduler?.requested.includes(3_000), 'backs off for Retry-After');
    assert.deepEqual(names(), ['plain', 'throttled']);
    await client.shutdown();
  });
});
