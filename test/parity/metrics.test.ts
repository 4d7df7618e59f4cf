// posthog-node's `metrics`: pre-aggregated counters, gauges and histograms sent as OTLP/JSON.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';
import { VirtualScheduler } from '../helpers/virtual-scheduler.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

type KeyValue = { key: string; value: Record<string, unknown> };
type Point = { attributes: KeyValue[]; asDouble?: number; count?: number; sum?: number; bucketCounts?: number[]; explicitBounds?: number[] };
type Metric = { name: string; unit?: string; sum?: { dataPoints: Point[]; isMonotonic: boolean }; gauge?: { dataPoints: Point[] }; histogram?: { dataPoints: Point[] } };
type Payload = { resourceMetrics: Array<{ resource: { attributes: KeyValue[] }; scopeMetrics: Array<{ metrics: Metric[] }> }> };

const metricsRequests = () => recorder.requestsTo('other').filter((r) => r.path === '/i/v1/metrics');
const metricsOf = (index = 0) => (metricsRequests()[index].body as Payload).resourceMetrics[0].scopeMetrics[0].metrics;
const attr = (list: KeyValue[], key: string) => list.find((kv) => kv.key === key)?.value;

describe('metrics', () => {
  it('aggregates per series and sends one OTLP request to /i/v1/metrics?token=', async () => {
    const { client } = testClient(recorder.url, { metrics: { serviceName: 'billing', environment: 'prod' } });
    client.metrics.count('jobs', 1, { attributes: { queue: 'a' } });
    client.metrics.count('jobs', 2, { attributes: { queue: 'a' } });
    client.metrics.count('jobs', 5, { attributes: { queue: 'b' } });
    client.metrics.gauge('depth', 3);
    client.metrics.gauge('depth', 7);
    client.metrics.histogram('latency', 12, { unit: 'ms', bounds: [10, 100] });
    client.metrics.histogram('latency', 150, { unit: 'ms' });
    await client.metrics.flush();
    assert.equal(metricsRequests().length, 1);
    assert.equal(metricsRequests()[0].query.token, 'phc_test_key');
    const payload = metricsRequests()[0].body as Payload;
    assert.deepEqual(attr(payload.resourceMetrics[0].resource.attributes, 'service.name'), { stringValue: 'billing' });
    assert.deepEqual(attr(payload.resourceMetrics[0].resource.attributes, 'deployment.environment'), { stringValue: 'prod' });
    const metrics = metricsOf();
    const jobs = metrics.find((m) => m.name === 'jobs');
    assert.equal(jobs?.sum?.isMonotonic, true);
    assert.deepEqual(jobs?.sum?.dataPoints.map((p) => [attr(p.attributes, 'queue'), p.asDouble]), [[{ stringValue: 'a' }, 3], [{ stringValue: 'b' }, 5]]);
    assert.equal(metrics.find((m) => m.name === 'depth')?.gauge?.dataPoints[0].asDouble, 7);
    const latency = metrics.find((m) => m.name === 'latency')?.histogram?.dataPoints[0];
    assert.deepEqual([latency?.count, latency?.sum, latency?.bucketCounts, latency?.explicitBounds], [2, 162, [0, 1, 1], [10, 100]]);
    await client.shutdown();
  });

  it('flushes on its own after flushIntervalMs, and on shutdown', async () => {
    const scheduler = new VirtualScheduler('manual');
    const { client } = testClient(recorder.url, { metrics: { flushIntervalMs: 1_000 } }, scheduler);
    client.metrics.count('ticks');
    assert.deepEqual(scheduler.pendingDelays(), [1_000]);
    scheduler.advance(1_000);
    await recorder.waitFor(() => metricsRequests().length === 1);
    client.metrics.count('ticks', 4);
    await client.shutdown(5_000);
    assert.equal(metricsRequests().length, 2);
    assert.equal(metricsOf(1)[0].sum?.dataPoints[0].asDouble, 4);
  });

  it('a 503 puts the window back: the next flush sends both windows summed', async () => {
    recorder.inject('other', { status: 503 });
    const { client } = testClient(recorder.url);
    client.metrics.count('retried', 2);
    await client.metrics.flush();
    client.metrics.count('retried', 3);
    await client.metrics.flush();
    assert.equal(metricsRequests().length, 2);
    assert.equal(metricsOf(1)[0].sum?.dataPoints[0].asDouble, 5);
    await client.shutdown();
  });

  it('beforeSend can change or drop samples; bad samples are dropped with a warning; nothing is recorded when opted out', async () => {
    const { client, logger } = testClient(recorder.url, { metrics: { beforeSend: (s) => (s.name === 'secret' ? null : { ...s, name: `app.${s.name}` }) } });
    client.metrics.count('secret');
    client.metrics.count('visible');
    client.metrics.count('negative', -1);
    client.metrics.gauge('nan', Number.NaN);
    await client.optOut();
    client.metrics.count('while opted out');
    await client.optIn();
    await client.metrics.flush();
    assert.deepEqual(metricsOf().map((m) => m.name), ['app.visible']);
    assert.equal(logger.matching(/metrics: dropped/).length, 2);
    await client.shutdown();
  });
});
