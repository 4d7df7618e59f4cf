/**
 * Runs one definitions request under a deadline, and lets the loader cut it short on `stop()`:
 * `run` gets a signal that aborts with a `TimeoutError` after `timeoutMs` or with `AbortError` when
 * the returned handle's `cancel` is called, and the call rejects with that reason at once even if
 * `run` (a custom fetch) ignores its signal. Unlike a deadline linked to a parent signal, nothing
 * listens for events: in a fresh process the first `addEventListener` costs ~0.5 ms of CPU, and
 * this request is what a starting server's first flag calls wait for. The timer is a plain unref'd
 * one, cleared when the call settles (timeouts bound real I/O, so they use real time).
 * @internal
 */
export function startDeadline<T>(timeoutMs: number, run: (signal: AbortSignal) => Promise<T>): { done: Promise<T>; cancel(): void } {
  const controller = new AbortController();
  let giveUp!: (reason: unknown) => void;
  const aborted = new Promise<never>((_, reject) => (giveUp = reject));
  const abort = (reason: unknown) => {
    controller.abort(reason);
    giveUp(controller.signal.reason);
  };
  const timer = setTimeout(() => abort(new DOMException('The request timed out.', 'TimeoutError')), timeoutMs);
  (timer as { unref?: () => void }).unref?.();
  const running = run(controller.signal);
  running.catch(() => {}); // it may still fail after the deadline has answered for it
  const done = Promise.race([running, aborted]).finally(() => clearTimeout(timer));
  return { done, cancel: () => abort(new DOMException('The operation was aborted.', 'AbortError')) };
}
