/** An attribute value of a metric sample. */
export type MetricAttributeValue = string | number | boolean;
/** Attributes of a metric sample (one series per distinct set). */
export type MetricAttributes = Record<string, MetricAttributeValue>;

/** Options of `metrics.count` and `metrics.gauge`. */
export interface CaptureMetricOptions {
  /** Unit of the value, e.g. `ms` or `By`. */
  unit?: string;
  /** Attributes of this sample; each distinct set is its own series. */
  attributes?: MetricAttributes;
}

/** Options of `metrics.histogram`. */
export interface HistogramOptions extends CaptureMetricOptions {
  /** Bucket boundaries (ascending). @default OpenTelemetry's default boundaries */
  bounds?: number[];
}

/** The kinds of metric. */
export type MetricType = 'count' | 'gauge' | 'histogram';

/** One recorded sample, as `beforeSend` hooks see it. */
export interface MetricSample {
  name: string;
  type: MetricType;
  value: number;
  unit?: string;
  attributes?: MetricAttributes;
  bounds?: number[];
}

/** A hook on each sample: return it (changed or not), or `null` to drop it. */
export type BeforeSendMetricFn = (sample: MetricSample) => MetricSample | null;

/** Configuration of `client.metrics` (posthog-node's `MetricsConfig`). */
export interface MetricsConfig {
  /** `service.name` of the series. */
  serviceName?: string;
  /** `service.version` of the series. */
  serviceVersion?: string;
  /** `deployment.environment.name` of the series. */
  environment?: string;
  /** More resource attributes. */
  resourceAttributes?: Record<string, MetricAttributeValue>;
  /** How often aggregates are sent, in ms. @default 10000 */
  flushIntervalMs?: number;
  /** Most series sent per flush; the rest wait for the next. @default 1000 */
  maxSeriesPerFlush?: number;
  /** Hooks run on every sample before it is aggregated. */
  beforeSend?: BeforeSendMetricFn | BeforeSendMetricFn[];
}

/**
 * The `client.metrics` API: statsd-style counters, gauges and histograms, aggregated in memory and
 * sent as OTLP now and then.
 */
export interface Metrics {
  /** Adds to a counter (things that only go up). @default value 1 */
  count(name: string, value?: number, options?: CaptureMetricOptions): void;
  /** Records the current value of something that goes up and down. */
  gauge(name: string, value: number, options?: CaptureMetricOptions): void;
  /** Records one observation of a distribution. */
  histogram(name: string, value: number, options?: HistogramOptions): void;
  /** Sends what is aggregated so far. Never rejects. */
  flush(): Promise<void>;
}
