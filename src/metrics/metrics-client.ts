import type { Logger } from '../base/logger.js';
import { LIB_NAME, LIB_VERSION } from '../base/version.js';
import { parseRetryAfter } from '../delivery/retry-after.js';
import { describeFetchError, encodeBody, withDeadline } from '../delivery/transport.js';
import type { Cancel, KeepAlive, Platform } from '../platform/platform.js';
import { MetricsAggregator, type Series } from './aggregator.js';
import type { CaptureMetricOptions, HistogramOptions, Metrics, MetricsConfig, MetricSample } from './metrics-config.js';
import { otlpMetricsPayload } from './otlp-metrics.js';

/** Longest wait between flushes while the endpoint keeps failing. */
const MAX_BACKOFF_MS = 60_000;
/** The endpoint refuses bodies over this size (before decompression). */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** What the metrics client needs from the PostHog client. @internal */
export interface MetricsHost {
  host: string;
  apiKey: string;
  compress: boolean;
  requestTimeoutMs: number;
  platform: Platform;
  logger: Logger;
  keepAlive: KeepAlive;
  /** Opted out or disabled: samples are dropped. */
  muted: () => boolean;
}

/** `client.metrics` plus what the client's lifecycle needs. @internal */
export interface MetricsClient extends Metrics {
  /** Sends what is aggregated, then stops the timer; resolves by `deadlineMs`. */
  shutdown(deadlineMs: number): Promise<void>;
}

const encoder = new TextEncoder();

/**
 * posthog-node's `metrics` client: samples are pre-aggregated per series in memory and sent every
 * `flushIntervalMs` (10 s) as one OTLP/JSON request to `POST /i/v1/metrics?token=<key>`. A retryable
 * failure (network, 408, 429, 5xx) puts the window back, merged with newer samples, and waits longer
 * (honouring `Retry-After`); a refusal drops the window with a log line. The timer never holds the
 * process open; `flush()` does, until its request ends.
 * @internal
 */
export function createMetricsClient(config: MetricsConfig | undefined, host: MetricsHost): MetricsClient {
  const { platform, logger } = host;
  const scheduler = platform.scheduler;
  const hooks = config?.beforeSend === undefined ? [] : Array.isArray(config.beforeSend) ? config.beforeSend : [config.beforeSend];
  const resourceAttributes = config?.resourceAttributes;
  const resource = {
    serviceName: (resourceAttributes?.['service.name'] as string | undefined) ?? config?.serviceName,
    serviceVersion: (resourceAttributes?.['service.version'] as string | undefined) ?? config?.serviceVersion,
    environment: (resourceAttributes?.['deployment.environment'] as string | undefined) ?? config?.environment,
    resourceAttributes,
    sdkName: LIB_NAME,
    sdkVersion: LIB_VERSION,
  };
  const intervalMs = typeof config?.flushIntervalMs === 'number' && config.flushIntervalMs > 0 ? config.flushIntervalMs : 10_000;
  const maxSeries = typeof config?.maxSeriesPerFlush === 'number' && config.maxSeriesPerFlush > 0 ? config.maxSeriesPerFlush : 1_000;
  const aggregator = new MetricsAggregator(maxSeries, hooks.filter((h) => typeof h === 'function'), logger, () => scheduler.now());
  const abort = new AbortController();
  let timer: Cancel | undefined;
  let failures = 0;
  let notBefore = 0;
  let sending: Promise<void> = Promise.resolve();
  let closed = false;

  const arm = () => {
    if (timer !== undefined || closed) return;
    const backoff = failures === 0 ? intervalMs : Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** failures);
    timer = scheduler.setTimeout(() => {
      timer = undefined;
      void flushNow();
    }, Math.max(backoff, notBefore - scheduler.now()));
  };

  const record = (sample: MetricSample) => {
    if (closed || host.muted()) return;
    try {
      if (aggregator.record(sample)) arm();
    } catch (error) {
      logger.warn(`metrics: sample dropped: ${String(error)}`);
    }
  };

  /** One request for the window; what to do with the window when it failed. */
  const send = async (series: Series[]): Promise<'done' | 'retry'> => {
    const json = JSON.stringify(otlpMetricsPayload(series, resource, scheduler.now()));
    if (json.length > MAX_BODY_BYTES) {
      logger.warn(`metrics: a batch of ${json.length} bytes is over the endpoint's limit and was dropped`);
      return 'done';
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': `${LIB_NAME}/${LIB_VERSION}` };
    const body = await encodeBody(encoder.encode(json), host.compress ? platform.gzip : undefined, 'gzip', headers);
    try {
      const response = await withDeadline(abort.signal, host.requestTimeoutMs, (signal) =>
        platform.fetch(`${host.host}/i/v1/metrics?token=${encodeURIComponent(host.apiKey)}`, { method: 'POST', headers, body: body as unknown as BodyInit, signal }),
      );
      await response.text().catch(() => '');
      const status = response.status;
      if (status >= 200 && status < 300) return 'done';
      if (status === 408 || status === 429 || status >= 500) {
        notBefore = (parseRetryAfter(response.headers.get('retry-after'), scheduler.now()) ?? 0) + scheduler.now();
        logger.warn(`metrics: the endpoint answered ${status}; sending again later`);
        return 'retry';
      }
      logger.error(`metrics: the endpoint refused a batch (${status}); it was dropped`);
      return 'done';
    } catch (error) {
      if (closed) return 'done';
      logger.warn(`metrics: sending failed (${describeFetchError(error)}); sending again later`);
      return 'retry';
    }
  };

  const flushNow = (): Promise<void> => {
    sending = sending.then(async () => {
      timer?.();
      timer = undefined;
      if (aggregator.size === 0) return;
      const series = aggregator.take();
      if ((await send(series)) === 'retry' && !closed) {
        failures++;
        aggregator.restore(series);
      } else failures = 0;
      if (aggregator.size > 0) arm();
    });
    return sending;
  };

  return {
    count: (name: string, value = 1, options?: CaptureMetricOptions) => record({ name, type: 'count', value, unit: options?.unit, attributes: options?.attributes }),
    gauge: (name: string, value: number, options?: CaptureMetricOptions) => record({ name, type: 'gauge', value, unit: options?.unit, attributes: options?.attributes }),
    histogram: (name: string, value: number, options?: HistogramOptions) =>
      record({ name, type: 'histogram', value, unit: options?.unit, attributes: options?.attributes, bounds: Array.isArray(options?.bounds) ? [...options.bounds] : options?.bounds }),
    flush: () => host.keepAlive(flushNow().catch(() => {})),
    async shutdown(deadlineMs) {
      const stop = new AbortController();
      const done = flushNow().finally(() => stop.abort());
      await Promise.race([done, scheduler.sleep(Math.max(0, deadlineMs - scheduler.now()), stop.signal)]).catch(() => {});
      closed = true;
      timer?.();
      timer = undefined;
      stop.abort();
      abort.abort();
    },
  };
}
