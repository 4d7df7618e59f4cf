import { hookList, positiveInteger } from '../otlp/option-values.js';
import type { OtlpServiceOptions } from '../otlp/resource.js';
import type { BeforeSpanSendFn, TracesConfig } from './span-types.js';

/** `traces` options after defaults (posthog-node's). @internal */
export interface ResolvedTracesConfig {
  readonly service: OtlpServiceOptions;
  readonly flushIntervalMs: number;
  readonly maxExportBatchSize: number;
  readonly maxQueueSize: number;
  readonly beforeSpanSend: readonly BeforeSpanSendFn[];
  readonly maxAttributesPerSpan: number;
  readonly maxEventsPerSpan: number;
  /** One event's attribute cap (OpenTelemetry's default; not configurable). */
  readonly maxAttributesPerEvent: number;
  readonly maxAttributeValueLength: number;
  readonly maxLiveSpans: number;
  readonly maxSpanAgeMs: number;
}

/** `undefined` when tracing is off (no `traces` option). @internal */
export function resolveTracesConfig(config: TracesConfig | undefined, warn: (message: string) => void): ResolvedTracesConfig | undefined {
  if (config === undefined || config === null || typeof config !== 'object') return undefined;
  const int = (name: keyof TracesConfig, fallback: number) => positiveInteger(config[name], fallback, `traces.${name}`, warn);
  const maxExportBatchSize = int('maxExportBatchSize', 512);
  return Object.freeze({
    service: { serviceName: config.serviceName, serviceVersion: config.serviceVersion, environment: config.environment, resourceAttributes: config.resourceAttributes },
    flushIntervalMs: int('flushIntervalMs', 5_000),
    maxExportBatchSize,
    maxQueueSize: Math.max(int('maxQueueSize', 2_048), maxExportBatchSize),
    beforeSpanSend: hookList(config.beforeSpanSend, 'traces.beforeSpanSend', warn),
    maxAttributesPerSpan: int('maxAttributesPerSpan', 128),
    maxEventsPerSpan: int('maxEventsPerSpan', 128),
    maxAttributesPerEvent: 128,
    maxAttributeValueLength: int('maxAttributeValueLength', 8_192),
    maxLiveSpans: int('maxLiveSpans', 10_000),
    maxSpanAgeMs: int('maxSpanAgeMs', 3_600_000),
  });
}
