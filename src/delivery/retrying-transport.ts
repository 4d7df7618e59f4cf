import type { DropReason } from '../base/errors.js';
import type { Scheduler } from '../platform/platform.js';
import { MAX_RETRY_AFTER_MS } from './retry-after.js';
import type { Transport, TransportResult } from './transport.js';

/** Events refused for good, with why. @internal */
export interface Refusal {
  events: string[];
  reason: DropReason;
  error: string;
  status?: number;
}

/**
 * How one batch's delivery ended, event by event: what was accepted, what was refused for good, and
 * what is still unsent (retry budget spent, or the drain deadline passed). A 413 on a multi-event
 * batch, or a refusal the transport marks `isolate` (v0's 400), asks the caller to send the two
 * halves separately.
 * @internal
 */
export interface DeliveryReport {
  delivered: string[];
  refused: Refusal[];
  unsent?: { events: string[]; kind: 'exhausted' | 'out_of_time'; error: string };
  split?: [string[], string[]];
}

/** What the batcher lends a delivery: the request slots, the drain deadline, the abort signal. @internal */
export interface DeliveryControl {
  /** Waits for a free request slot; call the returned function to give it back. */
  acquireSlot(): Promise<() => void>;
  /** While draining (shutdown), retries continue past `maxRetries` until this time (ms epoch). */
  drainDeadline(): number | undefined;
  /** Aborted when the drain deadline passes: in-flight requests and backoff sleeps end at once. */
  readonly signal: AbortSignal;
  /** Told of each failed attempt that will be retried, so the failure is visible while it is retried. */
  onRetry?(error: string, delayMs: number): void;
}

/** Retry settings. @internal */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  /** Cap of one backoff delay. */
  maxDelayMs?: number;
  /** Cap of one backoff delay while draining, so retries keep coming until the deadline. */
  drainMaxDelayMs?: number;
}

/** After this long in flight, a request stops counting against the concurrency limit. */
const SLOW_REQUEST_MS = 2_000;

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

/** Sends a batch through a transport until it is accepted, refused, or out of budget. @internal */
export type RetryingSender = (events: readonly string[], batchId: string, control: DeliveryControl) => Promise<DeliveryReport>;

/**
 * Wraps a transport with retries: exponential backoff with jitter, `Retry-After` as a floor, a capped
 * delay, and a budget of `maxRetries` that a drain deadline extends. The same event bytes go out on
 * every attempt, so PostHog de-duplicates what a lost response made us resend; when the server
 * answers per event, only the events it asked for are sent again.
 * @internal
 */
export function createRetryingSender(
  transport: Transport,
  policy: RetryPolicy,
  scheduler: Scheduler,
  random: () => number = Math.random,
): RetryingSender {
  const maxDelay = policy.maxDelayMs ?? MAX_RETRY_AFTER_MS;
  const drainMaxDelay = policy.drainMaxDelayMs ?? 5_000;
  return async (events, batchId, control) => {
    const report: DeliveryReport = { delivered: [], refused: [] };
    let pending = [...events];
    const startedAt = scheduler.now();
    for (let attempt = 1; ; attempt++) {
      const release = once(await control.acquireSlot());
      // A request that hangs gives its slot back after a while, so a few dead connections cannot
      // stall every other batch until they time out (the batcher still bounds batches in flight).
      const slow = setTimeout(release, SLOW_REQUEST_MS);
      (slow as { unref?: () => void }).unref?.();
      let result: TransportResult;
      try {
        result = await transport.send(pending, { number: attempt, batchId, startedAt }, control.signal);
      } finally {
        clearTimeout(slow);
        release();
      }
      switch (result.kind) {
        case 'sent':
          report.delivered.push(...pending);
          return report;
        case 'rejected':
          // Too large (413), or one bad event refusing the lot (v0's 400): halves, until the
          // culprit stands alone and only it is lost.
          if ((result.status === 413 || result.isolate === true) && pending.length > 1) {
            const half = Math.ceil(pending.length / 2);
            report.split = [pending.slice(0, half), pending.slice(half)];
          } else {
            report.refused.push({ events: pending, reason: result.reason ?? 'rejected', error: result.error, status: result.status });
          }
          return report;
        case 'partial':
          report.delivered.push(...result.accepted);
          if (result.dropped.length > 0) report.refused.push({ events: result.dropped, reason: 'dropped_by_server', error: result.error, status: result.status });
          pending = result.retry;
          if (pending.length === 0) return report;
          break;
        case 'retryable':
          break;
      }
      const error = result.error;
      if (control.signal.aborted) return { ...report, unsent: { events: pending, kind: 'out_of_time', error } };
      const deadline = control.drainDeadline();
      const exponential = policy.baseDelayMs * 2 ** Math.min(attempt - 1, 20);
      let delay = Math.min(exponential * (0.5 + random() * 0.5), deadline === undefined ? maxDelay : drainMaxDelay);
      if (result.retryAfterMs !== undefined) delay = Math.max(delay, result.retryAfterMs);
      if (deadline === undefined) {
        if (attempt > policy.maxRetries) return { ...report, unsent: { events: pending, kind: 'exhausted', error } };
      } else if (scheduler.now() + delay >= deadline) {
        return { ...report, unsent: { events: pending, kind: 'out_of_time', error } };
      }
      control.onRetry?.(error, delay);
      await scheduler.sleep(delay, control.signal);
      if (control.signal.aborted) return { ...report, unsent: { events: pending, kind: 'out_of_time', error } };
    }
  };
}
