import { PostHogDeliveryError } from '../base/errors.js';
import type { Logger } from '../base/logger.js';
import type { Outcomes } from '../delivery/outcomes.js';

/**
 * What `on()` can listen to, as posthog-node emits them:
 * - `capture`, `identify`, `alias`: an event was queued (the event as it will be sent);
 * - `flush`: events were delivered (the array of them);
 * - `error`: a request failed for good (a `PostHogDeliveryError`, or the error of a failed load);
 * - `localEvaluationFlagsLoaded`: flag definitions were loaded (how many flags);
 * - `*`: every one of these, as `(name, payload)`.
 */
export type ClientEventName = 'capture' | 'identify' | 'alias' | 'flush' | 'error' | 'localEvaluationFlagsLoaded' | '*';

/**
 * The client's event emitter behind `on()`. A listener that throws is logged and never affects
 * the SDK or the other listeners. Payloads are built only when someone listens.
 * @internal
 */
export class ClientEvents {
  private readonly listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  /** Listeners of every event together: with none (the usual case) `has` answers without a lookup. */
  private count = 0;

  constructor(private readonly logger: Logger) {}

  /** Adds a listener; returns the function that removes it. */
  // biome-ignore lint/suspicious/noExplicitAny: listeners read payloads that differ by event, as posthog-node types them.
  on(event: string, listener: (...args: any[]) => void): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    this.count++;
    return () => {
      const current = this.listeners.get(event);
      if (current === undefined) return;
      const rest = current.filter((l) => l !== listener);
      this.count -= current.length - rest.length;
      this.listeners.set(event, rest);
    };
  }

  /** Whether anything listens to `event` (directly or through `*`). */
  has(event: string): boolean {
    if (this.count === 0) return false;
    return (this.listeners.get(event)?.length ?? 0) > 0 || (this.listeners.get('*')?.length ?? 0) > 0;
  }

  /** Calls each listener of `event` with `payload()` (built once, only when someone listens), then each `*` listener. */
  emit(event: string, payload: () => unknown): void {
    if (!this.has(event)) return;
    let value: unknown;
    try {
      value = payload();
    } catch (error) {
      this.logger.warn(`could not build the '${event}' event payload: ${String(error)}`);
      return;
    }
    for (const listener of this.listeners.get(event) ?? []) this.call(listener, event, [value]);
    for (const listener of this.listeners.get('*') ?? []) this.call(listener, event, [event, value]);
  }

  private call(listener: (...args: unknown[]) => void, event: string, args: unknown[]): void {
    try {
      listener(...args);
    } catch (error) {
      this.logger.warn(`an on('${event}') listener threw: ${String(error)}`);
    }
  }
}

/** The name posthog-node emits when an event is queued: `identify`, `alias`, else `capture`. @internal */
export function queuedEventName(event: string): 'capture' | 'identify' | 'alias' {
  return event === '$identify' ? 'identify' : event === '$create_alias' ? 'alias' : 'capture';
}

/** Emits the queued event (parsed back from its JSON only when someone listens). @internal */
export function emitQueued(events: ClientEvents, json: string): void {
  if (!events.has('capture') && !events.has('identify') && !events.has('alias')) return;
  let event: { event?: unknown };
  try {
    event = JSON.parse(json) as { event?: unknown };
  } catch {
    return;
  }
  events.emit(queuedEventName(String(event.event)), () => event);
}

/**
 * Outcomes that also tell `on()` listeners: `flush` with the delivered events (batched sends only,
 * as posthog-node), `error` with a `PostHogDeliveryError` for events lost for good. Drops with their
 * own warnings (queue full, after shutdown) are not errors here, as in posthog-node.
 * @internal
 */
export function observeOutcomes(outcomes: Outcomes, events: ClientEvents, emitFlush: boolean): Outcomes {
  return {
    sent(sent) {
      outcomes.sent(sent);
      if (emitFlush) events.emit('flush', () => sent.map((json) => JSON.parse(json) as unknown));
    },
    failed(lost, reason, detail, status) {
      outcomes.failed(lost, reason, detail, status);
      if (reason !== 'queue_full' && reason !== 'after_shutdown') events.emit('error', () => new PostHogDeliveryError(reason, `${lost.length} event(s) lost (${reason}): ${detail}`, { status }));
    },
  };
}
