import type { Logger } from '../base/logger.js';
import type { MetricAttributes, MetricAttributeValue, MetricSample, MetricType, BeforeSendMetricFn } from './metrics-config.js';

/** OpenTelemetry's default histogram boundaries (what posthog-node uses when none are given). */
export const DEFAULT_HISTOGRAM_BOUNDS: readonly number[] = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

/** One series of a window: what was folded into it so far. @internal */
export interface Series {
  name: string;
  type: MetricType;
  unit: string | undefined;
  attributes: MetricAttributes | undefined;
  startMs: number;
  total: number;
  last: number;
  histogram?: { bounds: readonly number[]; count: number; sum: number; min: number; max: number; buckets: number[] };
}

/** The identity of a series: type, name, unit and the attributes with sorted keys. */
function seriesKey(type: string, name: string, unit: string | undefined, attributes: MetricAttributes | undefined): string {
  const attrs = attributes === undefined ? '' : Object.keys(attributes).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(attributes[k])}`).join(',');
  return `${type}\u0000${name}\u0000${unit ?? ''}\u0000${attrs}`;
}

const validBounds = (bounds: unknown): bounds is number[] =>
  Array.isArray(bounds) && bounds.length > 0 && bounds.every((b, i) => Number.isFinite(b) && (i === 0 || b > bounds[i - 1]));
const sameBounds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Pre-aggregates metric samples into series for one flush window, as posthog-node's metrics client
 * does: counters sum, gauges keep the last value, histograms count into buckets. Bad samples are
 * dropped with a warning; a window holds at most `maxSeries` series; a histogram's first bounds stay.
 * @internal
 */
export class MetricsAggregator {
  private window = new Map<string, Series>();
  private readonly fixedBounds = new Map<string, readonly number[]>();
  private capWarned = false;
  private readonly warnedOnce = new Set<string>();

  constructor(
    private readonly maxSeries: number,
    private readonly hooks: readonly BeforeSendMetricFn[],
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Whether the window holds anything. */
  get size(): number {
    return this.window.size;
  }

  /** Folds one sample in (after the `beforeSend` hooks); false when it was dropped. */
  record(sample: MetricSample): boolean {
    const kept = this.runHooks(sample);
    if (kept === null) return false;
    const { name, type, value, unit } = kept;
    if (typeof name !== 'string' || name === '') return this.drop('a metric with an empty name');
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.drop(`metric '${name}': the value must be a finite number`);
    if (type !== 'count' && type !== 'gauge' && type !== 'histogram') return this.drop(`metric '${name}': unknown type '${String(type)}'`);
    if (type === 'count' && value < 0) return this.drop(`count '${name}': counters only go up, the value must be >= 0`);
    const attributes = kept.attributes === undefined ? undefined : readAttributes(kept.attributes);
    const key = seriesKey(type, name, unit, attributes);
    let series = this.window.get(key);
    if (series === undefined) {
      if (this.window.size >= this.maxSeries) {
        if (!this.capWarned) this.logger.warn(`metrics: ${this.maxSeries} series in this window; new series are dropped until the next flush`);
        this.capWarned = true;
        return false;
      }
      series = { name, type, unit, attributes, startMs: this.now(), total: 0, last: 0 };
      if (type === 'histogram') {
        const bounds = this.boundsFor(name, unit, kept.bounds);
        if (bounds === undefined) return false;
        series.histogram = { bounds, count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY, buckets: new Array(bounds.length + 1).fill(0) };
      }
      this.window.set(key, series);
    }
    fold(series, value);
    return true;
  }

  /** Takes the window's series and starts a new window. */
  take(): Series[] {
    const taken = [...this.window.values()];
    this.window = new Map();
    this.capWarned = false;
    return taken;
  }

  /** Puts series that could not be sent back (merged with what arrived since). */
  restore(series: Series[]): void {
    for (const old of series) {
      const key = seriesKey(old.type, old.name, old.unit, old.attributes);
      const current = this.window.get(key);
      if (current === undefined) {
        if (this.window.size < this.maxSeries) this.window.set(key, old);
        continue;
      }
      current.startMs = Math.min(current.startMs, old.startMs);
      if (current.type === 'count') current.total += old.total;
      const h = current.histogram;
      const o = old.histogram;
      if (h !== undefined && o !== undefined && sameBounds(h.bounds, o.bounds)) {
        h.count += o.count;
        h.sum += o.sum;
        h.min = Math.min(h.min, o.min);
        h.max = Math.max(h.max, o.max);
        for (let i = 0; i < h.buckets.length; i++) h.buckets[i] += o.buckets[i];
      }
    }
  }

  private boundsFor(name: string, unit: string | undefined, requested: number[] | undefined): readonly number[] | undefined {
    if (requested !== undefined && !validBounds(requested)) {
      this.drop(`histogram '${name}': bounds must be finite, strictly increasing numbers`);
      return undefined;
    }
    const key = seriesKey('histogram', name, unit, undefined);
    const fixed = this.fixedBounds.get(key);
    if (fixed !== undefined) {
      if (requested !== undefined && !sameBounds(fixed, requested) && !this.warnedOnce.has(key)) {
        this.warnedOnce.add(key);
        this.logger.warn(`metrics: histogram '${name}' keeps its first bounds [${fixed.join(', ')}]`);
      }
      return fixed;
    }
    const bounds = requested === undefined ? DEFAULT_HISTOGRAM_BOUNDS : [...requested];
    if (this.fixedBounds.size < this.maxSeries) this.fixedBounds.set(key, bounds);
    return bounds;
  }

  private runHooks(sample: MetricSample): MetricSample | null {
    let current: MetricSample | null = sample;
    for (const hook of this.hooks) {
      try {
        current = hook(current);
      } catch (error) {
        this.logger.warn(`metrics beforeSend threw; sample dropped: ${String(error)}`);
        return null;
      }
      if (current === null || current === undefined) return null;
    }
    return current;
  }

  private drop(why: string): false {
    this.logger.warn(`metrics: dropped ${why}`);
    return false;
  }
}

function readAttributes(given: MetricAttributes): MetricAttributes | undefined {
  const out: Record<string, MetricAttributeValue> = {};
  for (const key of Object.keys(given ?? {})) {
    const value = given[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function fold(series: Series, value: number): void {
  if (series.type === 'count') series.total += value;
  else if (series.type === 'gauge') series.last = value;
  else {
    const h = series.histogram as NonNullable<Series['histogram']>;
    h.count++;
    h.sum += value;
    h.min = Math.min(h.min, value);
    h.max = Math.max(h.max, value);
    let i = 0;
    while (i < h.bounds.length && value > h.bounds[i]) i++;
    h.buckets[i]++;
  }
}
