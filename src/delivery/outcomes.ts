import { type DropReason, PostHogDeliveryError } from '../base/errors.js';
import type { Logger } from '../base/logger.js';
import type { WireEvent } from '../messages/message.js';
import { excerpt } from '../base/excerpt.js';

/**
 * Per-event delivery callbacks, like posthog-go's `Callback`. They receive the event exactly as it
 * was sent. A callback that throws is ignored (logged); it never affects delivery.
 */
export interface DeliveryCallbacks {
  /** Called once for every event the server accepted. */
  onSuccess?: (event: WireEvent) => void;
  /** Called once for every event that is lost for good, with the reason in `error.reason`. */
  onFailure?: (event: WireEvent, error: PostHogDeliveryError) => void;
}

/** Reports what happened to events: callbacks per event and one log line per lost batch. @internal */
export interface Outcomes {
  sent(events: readonly string[]): void;
  failed(events: readonly string[], reason: DropReason, detail: string, status?: number): void;
}

/** @internal */
export function createOutcomes(callbacks: DeliveryCallbacks, logger: Logger, lane: string): Outcomes {
  const { onSuccess, onFailure } = callbacks;
  // Events are kept as JSON only; they are parsed back solely when someone asked to see them.
  const each = (events: readonly string[], fn: (event: WireEvent) => void) => {
    for (const json of events) {
      try {
        fn(JSON.parse(json) as WireEvent);
      } catch (error) {
        logger.warn(`a delivery callback threw: ${excerpt(error)}`);
      }
    }
  };
  return {
    sent(events) {
      if (onSuccess) each(events, onSuccess);
    },
    failed(events, reason, detail, status) {
      // Queue-full and after-shutdown drops have their own once-per-burst warnings.
      if (reason !== 'queue_full' && reason !== 'after_shutdown') logger.error(`${lane}: ${events.length} event(s) lost (${reason}): ${detail}`);
      if (onFailure) {
        const error = new PostHogDeliveryError(reason, `${reason}: ${detail}`, { status });
        each(events, (event) => onFailure(event, error));
      }
    },
  };
}
