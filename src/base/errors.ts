import { excerpt } from './excerpt.js';

/** Base class of every error the SDK creates. */
export class PostHogError extends Error {
  override readonly name: string = 'PostHogError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * An input was rejected at the call. `field` names what was wrong (`distinctId`, `event`,
 * `properties.user.self`), so the message tells you where to look (a path built from very long
 * keys is cut to 200 characters in the message; `field` keeps it whole).
 */
export class PostHogValidationError extends PostHogError {
  override readonly name = 'PostHogValidationError';
  /** Dotted path of the offending input, e.g. `properties.amount`. */
  readonly field: string;
  constructor(field: string, problem: string, options?: { cause?: unknown }) {
    super(`${excerpt(field)}: ${problem}`, options);
    this.field = field;
  }
}

/** A request to PostHog failed for good (after any retries). */
export class PostHogDeliveryError extends PostHogError {
  override readonly name = 'PostHogDeliveryError';
  /** Why the event or batch was lost; one of {@link DropReason}. */
  readonly reason: DropReason;
  /** HTTP status when the server answered. */
  readonly status: number | undefined;
  constructor(reason: DropReason, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.reason = reason;
    this.status = options?.status;
  }
}

/**
 * A response body was larger than the SDK reads from that endpoint (counted after decompression, so
 * a gzip bomb stops at the limit too): the body was abandoned and its connection closed. Reported
 * in the log; what it means for the request is said there (a capture answered 2xx still counts as
 * accepted).
 */
export class PostHogResponseTooLargeError extends PostHogError {
  override readonly name = 'PostHogResponseTooLargeError';
  /** The most bytes read from this endpoint. */
  readonly limit: number;
  constructor(what: string, limit: number) {
    super(`${what}: response body over the ${limit}-byte limit was abandoned and its connection closed`);
    this.limit = limit;
  }
}

/**
 * Every way an event can be lost, by name.
 * - `queue_full`: the in-memory queue was at `maxQueueSize`.
 * - `rejected`: the server refused the batch with a non-retryable status (400, 401, 403, 413 …).
 * - `retries_exhausted`: retryable failures outlasted the retry budget and the shutdown deadline.
 * - `shutdown_deadline`: `shutdown()` ran out of time before the event could be sent.
 * - `too_large`: the serialised event is larger than the server accepts.
 * - `dropped_by_server`: the server answered with a per-event `drop` result (capture v1).
 * - `after_shutdown`: captured after `shutdown()` was called.
 * - `before_send`: a `beforeSend` hook returned `null` or threw.
 * - `redirected`: the capture endpoint answered with a redirect (3xx). Redirects are not followed:
 *   the events and API key would go to another address; the fix is the `host` option.
 * - `spool_full`: the spool reached `spool.maxBytes`; the oldest events left on disk by an earlier
 *   process, not yet taken up for sending, were dropped to make room.
 */
export type DropReason =
  | 'queue_full'
  | 'rejected'
  | 'retries_exhausted'
  | 'shutdown_deadline'
  | 'too_large'
  | 'dropped_by_server'
  | 'after_shutdown'
  | 'before_send'
  | 'redirected'
  | 'spool_full';

const brand = (value: unknown, name: string): boolean =>
  typeof value === 'object' && value !== null && (value as { name?: unknown }).name === name && value instanceof Error;

/** True for a {@link PostHogValidationError}, also across realms and duplicate package copies. */
export const isPostHogValidationError = (value: unknown): value is PostHogValidationError =>
  brand(value, 'PostHogValidationError');

/** True for a {@link PostHogDeliveryError}, also across realms and duplicate package copies. */
export const isPostHogDeliveryError = (value: unknown): value is PostHogDeliveryError =>
  brand(value, 'PostHogDeliveryError');
