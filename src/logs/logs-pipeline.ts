import type { Logger } from '../base/logger.js';
import type { OtlpLane } from '../delivery/otlp-lane.js';
import { type LogContext, LogClock, logRecordJson } from './log-record.js';
import type { CaptureLogOptions, CaptureLogger, LogAttributes, LogSeverityLevel, ResolvedLogsConfig } from './logs-config.js';
import { RateCap } from './rate-cap.js';

/** The trace a log belongs to. @internal */
export interface TraceIds {
  traceId: string;
  spanId: string;
  flags: number;
}

/** What the logs pipeline reads from the client, at capture time. @internal */
export interface LogsHost {
  readonly config: ResolvedLogsConfig;
  readonly logger: Logger;
  /** False for a disabled client or one without a project key. */
  enabled(): boolean;
  optedOut(): boolean;
  now(): number;
  /** The request context's identity, if any. */
  context(): LogContext;
  /** The innermost active span (PostHog's or OpenTelemetry's), if any. */
  activeTrace(): TraceIds | undefined;
  /** The lane, built on first use. */
  lane(): OtlpLane;
  /** Called after a record is queued (serverless flush scheduling). */
  onQueued(): void;
}

const isBlank = (body: unknown): boolean => typeof body !== 'string' || body.trim() === '';

/**
 * `captureLog` and `logger`: gates in the spec's order — client disabled, opted out, empty body,
 * `beforeSend`, rate cap — then the record is built at once (its time and context are those of the
 * call) and queued on the logs lane. Nothing here throws into the caller.
 * @internal
 */
export class LogsPipeline {
  private readonly clock = new LogClock();
  private readonly rateCap: RateCap | undefined;
  private facade: CaptureLogger | undefined;

  constructor(private readonly host: LogsHost) {
    const cap = host.config.rateCap;
    this.rateCap = cap === undefined ? undefined : new RateCap(cap.maxLogs, cap.windowMs, (message) => host.logger.warn(message));
  }

  captureLog(options: CaptureLogOptions): void {
    const { host } = this;
    try {
      if (!host.enabled() || host.optedOut()) return;
      if (options === null || typeof options !== 'object' || isBlank(options.body)) return;
      const record = this.runBeforeSend(options);
      if (record === null || isBlank(record.body)) return;
      const now = host.now();
      if (this.rateCap !== undefined && !this.rateCap.admit(now)) return;
      const json = logRecordJson(this.withTrace(record), host.context(), this.clock.stamp(now), { debug: (message) => host.logger.debug(message) });
      if (host.lane().enqueue(json)) host.onQueued();
    } catch (error) {
      host.logger.warn(`captureLog: the record was not queued: ${String(error)}`);
    }
  }

  /** One bound method per severity (spec logs, public capture API). */
  get logger(): CaptureLogger {
    if (this.facade === undefined) {
      const at = (level: LogSeverityLevel) => (body: string, attributes?: LogAttributes) => this.captureLog({ body, level, attributes });
      this.facade = Object.freeze({ trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal') });
    }
    return this.facade;
  }

  /** The record with the active span's ids, unless it names its own trace. */
  private withTrace(record: CaptureLogOptions): CaptureLogOptions {
    if (record.trace_id || record.span_id) return record;
    const active = this.host.activeTrace();
    if (active === undefined) return record;
    return { ...record, trace_id: active.traceId, span_id: active.spanId, trace_flags: record.trace_flags ?? active.flags };
  }

  /**
   * Runs the hooks left to right. `null` drops the record; a hook that throws is skipped and the
   * record goes on with the value it had before it (spec logs, beforeSend hook).
   */
  private runBeforeSend(record: CaptureLogOptions): CaptureLogOptions | null {
    let current = record;
    for (const hook of this.host.config.beforeSend) {
      let next: CaptureLogOptions | null;
      try {
        next = hook(current);
      } catch (error) {
        this.host.logger.warn(`logs.beforeSend threw; the record continues as it was before this hook: ${String(error)}`);
        continue;
      }
      if (next === null || next === undefined || typeof next !== 'object') return null;
      current = next;
    }
    return current;
  }
}
