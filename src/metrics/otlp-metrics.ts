import type { Series } from './aggregator.js';
import type { MetricAttributeValue } from './metrics-config.js';

/** An OTLP attribute. @internal */
export interface OtlpKeyValue {
  key: string;
  value: { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
}

/** An OTLP/JSON value: integers as decimal strings (int64), other numbers as doubles. */
function otlpValue(value: MetricAttributeValue): OtlpKeyValue['value'] {
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { intValue: String(value) } : Number.isFinite(value) ? { doubleValue: value } : { stringValue: String(value) };
  return { stringValue: String(value) };
}

/** @internal */
export function otlpAttributes(attributes: Record<string, MetricAttributeValue> | undefined): OtlpKeyValue[] {
  return Object.entries(attributes ?? {}).map(([key, value]) => ({ key, value: otlpValue(value) }));
}

/** Nanoseconds as the decimal string OTLP wants (uint64 does not fit a JS number). */
const nanos = (ms: number) => `${Math.floor(ms)}000000`;
const DELTA = 1;

/** Settings that name the sender of a metrics batch. @internal */
export interface MetricsResource {
  serviceName: string | undefined;
  serviceVersion: string | undefined;
  environment: string | undefined;
  resourceAttributes: Record<string, MetricAttributeValue> | undefined;
  sdkName: string;
  sdkVersion: string;
}

/**
 * One OTLP/JSON `ExportMetricsServiceRequest` for a window of series: counters as delta sums,
 * gauges, histograms with explicit bounds. Series of one metric share a metric entry. SDK resource
 * keys are laid over the user's `resourceAttributes`, as posthog-node does.
 * @internal
 */
export function otlpMetricsPayload(series: readonly Series[], resource: MetricsResource, nowMs: number): unknown {
  const metrics = new Map<string, Record<string, unknown>>();
  for (const s of series) {
    const id = `${s.type}\u0000${s.name}\u0000${s.unit ?? ''}`;
    let metric = metrics.get(id);
    if (metric === undefined) {
      metric = { name: s.name, ...(s.unit ? { unit: s.unit } : {}) };
      if (s.type === 'count') metric.sum = { aggregationTemporality: DELTA, isMonotonic: true, dataPoints: [] };
      else if (s.type === 'gauge') metric.gauge = { dataPoints: [] };
      else metric.histogram = { aggregationTemporality: DELTA, dataPoints: [] };
      metrics.set(id, metric);
    }
    const attributes = otlpAttributes(s.attributes);
    if (s.type === 'count') (metric.sum as { dataPoints: unknown[] }).dataPoints.push({ attributes, startTimeUnixNano: nanos(s.startMs), timeUnixNano: nanos(nowMs), asDouble: s.total });
    else if (s.type === 'gauge') (metric.gauge as { dataPoints: unknown[] }).dataPoints.push({ attributes, timeUnixNano: nanos(nowMs), asDouble: s.last });
    else {
      const h = s.histogram as NonNullable<Series['histogram']>;
      (metric.histogram as { dataPoints: unknown[] }).dataPoints.push({
        attributes,
        startTimeUnixNano: nanos(s.startMs),
        timeUnixNano: nanos(nowMs),
        count: h.count,
        sum: h.sum,
        min: h.min,
        max: h.max,
        bucketCounts: h.buckets,
        explicitBounds: h.bounds,
      });
    }
  }
  const resourceAttributes: Record<string, MetricAttributeValue> = {
    ...resource.resourceAttributes,
    'service.name': resource.serviceName || 'unknown_service',
    ...(resource.environment ? { 'deployment.environment': resource.environment } : {}),
    ...(resource.serviceVersion ? { 'service.version': resource.serviceVersion } : {}),
    'telemetry.sdk.name': resource.sdkName,
    'telemetry.sdk.version': resource.sdkVersion,
  };
  return {
    resourceMetrics: [
      {
        resource: { attributes: otlpAttributes(resourceAttributes) },
        scopeMetrics: [{ scope: { name: resource.sdkName, version: resource.sdkVersion }, metrics: [...metrics.values()] }],
      },
    ],
  };
}
