import type { DropReason } from '../base/errors.js';

/**
 * How a request ended, as data: transports never throw. The retry wrapper decides from it alone.
 * @internal
 */
export type TransportResult =
  | { kind: 'sent'; status: number }
  /** Per-event answers (capture v1): some accepted, some refused for good, some to send again. */
  | { kind: 'partial'; status: number; accepted: string[]; dropped: string[]; retry: string[]; retryAfterMs?: number; error: string }
  | { kind: 'retryable'; status?: number; retryAfterMs?: number; error: string }
  /**
   * Refused for good (`reason` defaults to `rejected`). `isolate`: the server refuses a whole batch
   * for one bad event, so halves are worth sending until the bad event stands alone.
   */
  | { kind: 'rejected'; status: number; error: string; isolate?: boolean; reason?: DropReason };

/** Facts about one attempt of a batch, for transports that put them on the wire. @internal */
export interface Attempt {
  /** 1 for the first send of a batch, +1 per retry. */
  readonly number: number;
  /** Fixed for every attempt of one batch. */
  readonly batchId: string;
  /** When the first attempt of the batch was made (ms epoch); fixed across attempts. */
  readonly startedAt: number;
}

/** Sends one batch of serialised events once. @internal */
export interface Transport {
  send(events: readonly string[], attempt: Attempt, signal: AbortSignal): Promise<TransportResult>;
}

/**
 * The one place HTTP statuses are classified for capture lanes: network errors, timeouts, 408, 429
 * and every 5xx are worth retrying; any other status is final (reference: wire-protocol.md §8).
 * @internal
 */
export function classifyCaptureStatus(status: number): 'sent' | 'retryable' | 'rejected' {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 408 || status === 429 || status >= 500) return 'retryable';
  return 'rejected';
}

/** Describes a fetch failure in a few words: `timeout`, `aborted` or `network error: …`. @internal */
export function describeFetchError(error: unknown): string {
  const name = (error as { name?: unknown })?.name;
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return 'aborted';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const detail = cause?.code ?? cause?.message ?? (error as { message?: unknown })?.message ?? String(error);
  return `network error: ${String(detail)}`;
}

/**
 * Runs one request (`run` gets its signal) under a deadline: the signal aborts with a `TimeoutError`
 * after `timeoutMs`, or when `signal` does, and the call rejects with that reason at once, even if
 * `run` (a custom fetch, say) ignores its signal. The deadline is a plain timer cleared when the call
 * settles: on Node.js 20 a signal made with `AbortSignal.any([signal, AbortSignal.timeout(ms)])` can
 * be garbage-collected before it fires, leaving a request that never times out (seen in the fault
 * soak after a few thousand requests). Timeouts bound real I/O, so they use real time, not the
 * scheduler.
 * @internal
 */
export async function withDeadline<T>(signal: AbortSignal, timeoutMs: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let giveUp!: (reason: unknown) => void;
  const aborted = new Promise<never>((_, reject) => (giveUp = reject));
  controller.signal.addEventListener('abort', () => giveUp(controller.signal.reason), { once: true });
  const onAbort = () => controller.abort(signal.reason);
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException('The request timed out.', 'TimeoutError')), timeoutMs);
  (timer as { unref?: () => void }).unref?.();
  try {
    const running = run(controller.signal);
    running.catch(() => {}); // it may still fail after the deadline has answered for it
    return await Promise.race([running, aborted]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

/** Compresses a request body; gzip or another encoder of the platform. @internal */
export type BodyEncoder = (body: Uint8Array) => Promise<Uint8Array>;

/**
 * `body` compressed with `encode` (and `Content-Encoding` set), or as it is when there is no encoder
 * or it fails: compression is an optimisation, never a reason to lose a batch.
 * @internal
 */
export async function encodeBody(body: Uint8Array, encode: BodyEncoder | undefined, encoding: string, headers: Record<string, string>): Promise<Uint8Array> {
  if (encode === undefined) return body;
  try {
    const encoded = await encode(body);
    headers['Content-Encoding'] = encoding;
    return encoded;
  } catch {
    return body;
  }
}
