import type { Scheduler } from '../platform/platform.js';

/**
 * Waits for `work` until `deadline` (ms epoch) at most: `true` when it settled in time, `false` when
 * the deadline came first. An infinite deadline waits for `work`. Leaves no timer behind.
 * @internal
 */
export async function settlesBy(work: Promise<unknown>, deadline: number, scheduler: Scheduler): Promise<boolean> {
  if (!Number.isFinite(deadline)) {
    await work.catch(() => {});
    return true;
  }
  let settled = false;
  const done = work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  const stopWaiting = new AbortController();
  await Promise.race([done, scheduler.sleep(Math.max(0, deadline - scheduler.now()), stopWaiting.signal)]);
  stopWaiting.abort();
  return settled;
}
