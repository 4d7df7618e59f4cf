/** Where a lane puts serialised events: a batcher, or several behind a router. @internal */
export interface EventSink {
  /** Queues one event (`held`: its held form, when already made); false when it was not accepted (queue full). */
  enqueue(json: string, held?: string): boolean;
  /** Resolves when everything queued before the call is delivered, refused or parked. Never rejects. */
  flush(): Promise<void>;
  /** Sends everything until `deadlineMs`, then reports what is left as lost. Never rejects. */
  drain(deadlineMs: number): Promise<void>;
  /** Sends one event at once, outside the queue (see `immediate-sender.ts`). */
  sendNow(json: string): Promise<'sent' | 'refused' | 'unsent'>;
}

/**
 * Several sinks behind one: `route` picks the sink of each serialised event. Capture v1 uses it to
 * keep `$ai_*` events on the v0 `/batch/` route, as posthog-node does (its `capture-v1/routing.ts`).
 * @internal
 */
export function createRoutedSink(route: (json: string) => number, sinks: readonly EventSink[]): EventSink {
  return {
    enqueue: (json, held) => sinks[route(json)].enqueue(json, held),
    sendNow: (json) => sinks[route(json)].sendNow(json),
    flush: () => Promise.all(sinks.map((s) => s.flush())).then(() => {}),
    drain: (deadlineMs) => Promise.all(sinks.map((s) => s.drain(deadlineMs))).then(() => {}),
  };
}
