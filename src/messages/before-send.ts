import type { Logger } from '../base/logger.js';
import type { WireEvent } from './message.js';
import { excerpt } from '../base/excerpt.js';

/**
 * A hook that sees each assembled event (with uuid, timestamp and SDK properties) before it is
 * queued. Return the event (changed or not) to send it, or `null` to drop it.
 */
export type BeforeSendFn = (event: WireEvent) => WireEvent | null;

/**
 * Composes hooks into one step, once at construction. Hooks run in order; `null` drops the event
 * and stops the chain; a hook that throws (or returns something that is not an event) drops it too,
 * with a warning — fail closed: neither the original nor a partial result is sent
 * (spec before-send-hook).
 * @internal
 */
export function composeBeforeSend(hooks: BeforeSendFn | BeforeSendFn[] | undefined, logger: Logger): BeforeSendFn | undefined {
  const list = (Array.isArray(hooks) ? hooks : hooks === undefined ? [] : [hooks]).filter((h) => typeof h === 'function');
  if (list.length === 0) return undefined;
  return (event) => {
    let current: WireEvent | null = event;
    for (let i = 0; i < list.length; i++) {
      try {
        current = list[i](current);
      } catch (error) {
        logger.warn(`beforeSend hook #${i + 1} threw; event "${excerpt(event.event)}" dropped: ${excerpt(error)}`);
        return null;
      }
      if (current === null || current === undefined) {
        logger.debug(`beforeSend hook #${i + 1} dropped event "${excerpt(event.event)}"`);
        return null;
      }
      if (typeof current !== 'object' || typeof current.event !== 'string' || typeof current.properties !== 'object') {
        logger.warn(`beforeSend hook #${i + 1} returned something that is not an event; "${excerpt(event.event)}" dropped`);
        return null;
      }
    }
    return current;
  };
}
