/**
 * What the batcher tells a durable store (the spool) about the events it holds: each accepted event
 * before `enqueue` returns, and the events that need no more delivery. Events are named by their
 * JSON, exactly as queued.
 * @internal
 */
export interface EventJournal {
  /** An event was accepted into the queue. Must not throw. */
  append(json: string): void;
  /** These events are done with: accepted by PostHog, or refused for good. Must not throw. */
  settle(events: readonly string[]): void;
}
