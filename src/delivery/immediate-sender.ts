import type { Outcomes } from './outcomes.js';
import type { DeliveryControl, RetryingSender } from './retrying-transport.js';

/** What became of an event sent at once: delivered, refused for good, or still unsent at the deadline. @internal */
export type ImmediateResult = 'sent' | 'refused' | 'unsent';

/**
 * Sends one event now, outside the queue (posthog-node's `captureImmediate` and friends): the same
 * transport and retry policy as its lane, no request slot to wait for, and an overall deadline after
 * which the request is abandoned. The deadline bounds real I/O, so it is a real (unref'd) timer, as
 * the request timeouts are (see `withDeadline`). Reports delivered and refused events to `outcomes`; an event still
 * unsent at the end is returned to the caller (who queues it) rather than reported lost.
 * @internal
 */
export function createImmediateSender(
  send: RetryingSender,
  outcomes: Outcomes,
  budgetMs: number,
  batchId: () => string,
): (json: string) => Promise<ImmediateResult> {
  return async (json) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), budgetMs);
    (timer as { unref?: () => void }).unref?.();
    const control: DeliveryControl = { acquireSlot: () => Promise.resolve(() => {}), drainDeadline: () => undefined, signal: abort.signal };
    try {
      const report = await send([json], batchId(), control);
      if (report.delivered.length > 0) outcomes.sent(report.delivered);
      for (const refusal of report.refused) outcomes.failed(refusal.events, refusal.reason, refusal.error, refusal.status);
      if (report.unsent !== undefined && report.unsent.events.length > 0) return 'unsent';
      return report.refused.length > 0 ? 'refused' : 'sent';
    } catch {
      return 'unsent';
    } finally {
      clearTimeout(timer);
    }
  };
}
