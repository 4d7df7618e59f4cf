/**
 * How a request ended, as data: transports never throw. The retry wrapper reads `kind` only.
 * @internal
 */
export type TransportResult =
  | { kind: 'sent'; status: number }
  /** Per-event answers (capture v1): some accepted, some refused for good, some to send again. */
  | { kind: 'partial'; status: number; accepted: string[]; dropped: string[]; retry: string[]; retryAfterMs?: number; error: string }
  | { kind: 'retryable'; status?: number; retryAfterMs?: number; error: string }
  | { kind: 'rejected'; status: number; error: string };

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

const HAS_ABORT_ANY = typeof (AbortSignal as { any?: unknown }).any === 'function';

/** A signal that aborts when `signal` does or after `timeoutMs`, on runtimes with or without AbortSignal.any. @internal */
export function withTimeout(signal: AbortSignal, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  if (HAS_ABORT_ANY) return AbortSignal.any([signal, timeout]);
  const controller = new AbortController();
  const forward = (source: AbortSignal) => () => controller.abort(source.reason);
  signal.addEventListener('abort', forward(signal), { once: true });
  timeout.addEventListener('abort', forward(timeout), { once: true });
  return controller.signal;
}
