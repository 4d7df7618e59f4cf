// OpenTelemetry interop (issue 14, part 2): with the real @opentelemetry/api, an AsyncLocalStorage
// context manager and the sdk-trace-base tracer provider registered, a span OpenTelemetry has active
// in the same request is the parent of posthog-ts's spans, and log records carry its ids. posthog-ts
// reads it through the API's global registration; it never imports OpenTelemetry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Tracer, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { logsOf, spanNamed } from '../helpers/otlp.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const exporter = new InMemorySpanExporter();
let otel: Tracer;

before(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  otel = trace.getTracer('interop-test');
});

after(() => {
  trace.disable();
  context.disable();
});

describe('OpenTelemetry interop', () => {
  it('an active OpenTelemetry span is the parent of spans started in the same request', async () => {
    const { client } = testClient(recorder.url, { traces: {} });
    let ids = { traceId: '', spanId: '' };
    await otel.startActiveSpan('otel request', async (request) => {
      ids = request.spanContext();
      client.withSpan('scoped', () => {});
      await new Promise((resolve) => setTimeout(resolve, 1));
      client.startSpan('manual after await').end();
      request.end();
    });
    await client.flush();
    for (const name of ['scoped', 'manual after await']) {
      const span = spanNamed(recorder, name);
      assert.equal(span.traceId, ids.traceId, name);
      assert.equal(span.parentSpanId, ids.spanId, name);
    }
    assert.equal(exporter.getFinishedSpans().some((s) => s.name === 'otel request'), true, 'OpenTelemetry recorded its own span');
    await client.shutdown();
  });

  it('the innermost span is the parent: OpenTelemetry inside posthog-ts and posthog-ts inside OpenTelemetry', async () => {
    const { client } = testClient(recorder.url, { traces: {} });
    let otelInner = { traceId: '', spanId: '' };
    client.withSpan('ph outer', () => {
      client.startSpan('ph sibling').end(); // no OpenTelemetry span entered yet: ours is the parent
      otel.startActiveSpan('otel inner', (inner) => {
        otelInner = inner.spanContext();
        client.withSpan('ph innermost', () => client.startSpan('ph leaf').end());
        inner.end();
      });
    });
    await client.flush();
    const outer = spanNamed(recorder, 'ph outer');
    assert.equal(spanNamed(recorder, 'ph sibling').parentSpanId, outer.spanId);
    assert.equal(spanNamed(recorder, 'ph innermost').parentSpanId, otelInner.spanId);
    assert.equal(spanNamed(recorder, 'ph innermost').traceId, otelInner.traceId);
    assert.equal(spanNamed(recorder, 'ph leaf').parentSpanId, spanNamed(recorder, 'ph innermost').spanId);
    await client.shutdown();
  });

  it('without an active OpenTelemetry span, spans start their own trace', async () => {
    const { client } = testClient(recorder.url, { traces: {} });
    client.startSpan('root').end();
    await client.flush();
    const root = spanNamed(recorder, 'root');
    assert.equal('parentSpanId' in root.wire, false);
    assert.equal(exporter.getFinishedSpans().some((s) => s.spanContext().traceId === root.traceId), false);
    await client.shutdown();
  });

  it('log records inside an OpenTelemetry span carry its trace and span ids', async () => {
    const { client } = testClient(recorder.url); // logs need no traces option
    let ids = { traceId: '', spanId: '', traceFlags: 0 };
    otel.startActiveSpan('otel work', (span) => {
      ids = span.spanContext();
      client.captureLog({ body: 'inside otel' });
      span.end();
    });
    await client.flush();
    const [log] = logsOf(recorder);
    assert.equal(log.traceId, ids.traceId);
    assert.equal(log.spanId, ids.spanId);
    assert.equal(log.flags, ids.traceFlags);
    await client.shutdown();
  });
});
