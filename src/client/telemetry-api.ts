import type { CaptureLogOptions, CaptureLogger } from '../logs/logs-config.js';
import type { Span, StartSpanOptions } from '../traces/span-types.js';
import { ProductApi } from './product-api.js';

/** Logs and traces as OTLP (`/i/v1/logs`, `/i/v1/traces`), with posthog-node's method signatures. */
export class TelemetryApi extends ProductApi {
  /**
   * Queues one structured log record for PostHog Logs (`/i/v1/logs`). It carries the active span's
   * trace and span ids and the request context's distinct id and session id, unless it sets its own.
   * Dropped silently when opted out, when the body is blank, or beyond the `logs.rateCap`.
   * @example posthog.captureLog({ body: 'payment failed', level: 'error', attributes: { code: 'E001' } })
   */
  captureLog(options: CaptureLogOptions): void {
    this.state.telemetry.logs.captureLog(options);
  }

  /**
   * One method per severity, each equivalent to `captureLog` at that level.
   * @example posthog.logger.info('checkout completed', { order_id: 'ord_789' })
   */
  get logger(): CaptureLogger {
    return this.state.telemetry.logs.logger;
  }

  /**
   * Starts a span without making it active, for work that cannot wrap a callback; call `end()` on it.
   * Prefer {@link withSpan}. Returns a no-op handle when the `traces` option is not set, the client
   * is disabled or opted out, so calling code never branches.
   * @example const span = posthog.startSpan('checkout', { attributes: { plan: 'pro' } }); …; span.end()
   */
  startSpan(name: string, options?: StartSpanOptions): Span {
    return this.state.telemetry.tracer.startSpan(name, options);
  }

  /**
   * Runs `fn` inside a new span, active for its duration, and ends the span when `fn` returns or its
   * promise settles. A throw or rejection sets status `error` (unless `fn` set `ok`), adds an
   * `exception` event and is rethrown unchanged. Spans started inside nest under it; on runtimes
   * without async-context storage, only until the callback's first `await`.
   * @example await posthog.withSpan('POST /checkout', { parent: req.headers.traceparent }, async (span) => processOrder())
   */
  withSpan<T>(name: string, fn: (span: Span) => T): T;
  withSpan<T>(name: string, options: StartSpanOptions, fn: (span: Span) => T): T;
  withSpan<T>(name: string, optionsOrFn: StartSpanOptions | ((span: Span) => T), fn?: (span: Span) => T): T {
    return this.state.telemetry.tracer.withSpan(name, optionsOrFn, fn);
  }

  /**
   * The span a `withSpan` callback made active on this async path, or `null`.
   * @example const traceparent = posthog.getActiveSpan()?.traceparent()
   */
  getActiveSpan(): Span | null {
    return this.state.telemetry.tracer.getActiveSpan();
  }
}
