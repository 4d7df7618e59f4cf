import type { DropReason } from '../base/errors.js';
import type { Logger } from '../base/logger.js';
import { OtlpLane, type OtlpLaneConfig } from '../delivery/otlp-lane.js';
import { resolveLogsConfig } from '../logs/logs-config.js';
import { LogsPipeline } from '../logs/logs-pipeline.js';
import { type OtlpServiceOptions, resourceAttributes } from '../otlp/resource.js';
import { resolveTracesConfig } from '../traces/traces-config.js';
import { Tracer } from '../traces/tracer.js';
import type { ClientCore } from './core.js';
import type { PostHogOptions } from './options.js';

/** The logs and traces of one client, with their lanes. @internal */
export interface Telemetry {
  readonly logs: LogsPipeline;
  readonly tracer: Tracer;
  /** Sends what both lanes hold. Never rejects. */
  flush(): Promise<void>;
  /** Discards live spans, then drains both lanes until `deadlineMs`. Never rejects. */
  close(deadlineMs: number): Promise<void>;
}

/** What the client lends: its opt-out state and a hook for each queued record. @internal */
export interface TelemetryHooks {
  optedOut(): boolean;
  onQueued(): void;
}

/** Passes `warn` on as `debug`: the traces lane's drops are said by the tracer's counter instead. */
const quietWarnings = (logger: Logger): Logger => ({
  debug: (m, ...d) => logger.debug(m, ...d),
  warn: (m, ...d) => logger.debug(m, ...d),
  error: (m, ...d) => logger.error(m, ...d),
});

/**
 * Builds `captureLog` / `logger` and `startSpan` / `withSpan` for a client. Each lane (`/i/v1/logs`,
 * `/i/v1/traces`) is built on first use, so a client that never logs or traces arms nothing.
 * @internal
 */
export function createTelemetry(core: ClientCore, options: PostHogOptions, hooks: TelemetryHooks): Telemetry {
  const { logger, platform } = core;
  const o = core.options;
  const warn = (message: string) => logger.warn(message);
  const tracesConfig = resolveTracesConfig(options.traces, warn);
  const logsConfig = resolveLogsConfig(options.logs, tracesConfig?.service.serviceName, warn);
  const enabled = () => o.apiKey !== '';
  const scheduler = platform.scheduler;
  let closed = false;
  let warnedAfterShutdown = false;

  const lane = (signal: 'logs' | 'traces', service: OtlpServiceOptions, settings: Pick<OtlpLaneConfig, 'flushAt' | 'flushIntervalMs' | 'maxBatchSize' | 'maxQueueSize' | 'overflow' | 'logger' | 'onDropped'>): OtlpLane => {
    const built = new OtlpLane({
      signal,
      host: o.host,
      apiKey: o.apiKey,
      platform,
      compress: !o.disableCompression,
      timeoutMs: o.requestTimeout,
      maxRetries: o.maxRetries,
      retryDelayMs: o.retryDelay,
      resource: resourceAttributes(service, platform.hostAttributes),
      ...settings,
    });
    if (closed) void built.close(scheduler.now());
    return built;
  };

  const logsDropped = (count: number, reason: DropReason, detail: string) => {
    if (reason === 'queue_full') return; // the queue says so itself, once per burst
    if (reason === 'after_shutdown') {
      if (!warnedAfterShutdown) logger.warn('captureLog after shutdown(): the record was not queued (further ones are dropped silently)');
      warnedAfterShutdown = true;
      return;
    }
    logger.warn(`logs: ${count} record(s) lost (${reason}): ${detail}`);
  };

  let logsLane: OtlpLane | undefined;
  let tracesLane: OtlpLane | undefined;
  const tracer: Tracer = new Tracer({
    config: tracesConfig,
    contexts: core.contexts,
    clock: { wallNow: () => scheduler.now(), monoNow: () => scheduler.monotonicNow?.() ?? performance.now() },
    logger,
    keepAlive: platform.keepAlive,
    enabled,
    optedOut: hooks.optedOut,
    onQueued: hooks.onQueued,
    lane: () => {
      const config = tracesConfig!;
      tracesLane ??= lane('traces', config.service, {
        flushAt: config.maxExportBatchSize,
        flushIntervalMs: config.flushIntervalMs,
        maxBatchSize: config.maxExportBatchSize,
        maxQueueSize: config.maxQueueSize,
        overflow: 'drop-newest',
        logger: quietWarnings(logger),
        onDropped: (count, reason, detail) => tracer.dropped(count, `${reason}: ${detail}`),
      });
      return tracesLane;
    },
  });
  const logs = new LogsPipeline({
    config: logsConfig,
    logger,
    enabled,
    optedOut: hooks.optedOut,
    now: () => scheduler.now(),
    context: () => {
      const context = core.contexts.current();
      return { distinctId: context?.distinctId, sessionId: context?.sessionId };
    },
    activeTrace: () => tracer.activeTrace(),
    onQueued: hooks.onQueued,
    lane: () => {
      logsLane ??= lane('logs', logsConfig.service, {
        flushAt: logsConfig.maxBufferSize,
        flushIntervalMs: logsConfig.flushIntervalMs,
        maxBatchSize: logsConfig.maxBatchRecordsPerPost,
        maxQueueSize: logsConfig.maxQueueSize,
        overflow: 'drop-oldest',
        logger,
        onDropped: logsDropped,
      });
      return logsLane;
    },
  });

  return {
    logs,
    tracer,
    async flush() {
      await Promise.all([logsLane?.flush(), tracesLane?.flush()]);
    },
    async close(deadlineMs) {
      closed = true;
      await Promise.all([logsLane?.close(deadlineMs), tracesLane?.close(deadlineMs)]);
      tracer.closed();
    },
  };
}
