import type { Logger } from '../base/logger.js';
import type { SendFeatureFlagsOptions } from './message.js';
import { excerpt } from '../base/excerpt.js';

/**
 * What a `beforeSend` / `before_send` hook sees, in posthog-node's message shape: the event's
 * distinct id, name and properties (super, context and call properties merged; the SDK's own
 * `$lib`, `$lib_version`, `$is_server`, `$groups` and `$geoip_disable` are added after the hook,
 * as posthog-node does), its groups, its time and uuid (always set here, where posthog-node sets
 * them only when the caller did) and the call's `disableGeoip` and `sendFeatureFlags`.
 */
export interface BeforeSendEvent {
  distinctId: string;
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: hooks written for posthog-node read and write these freely.
  properties: Record<string, any>;
  groups?: Record<string, string | number>;
  timestamp?: Date;
  uuid?: string;
  disableGeoip?: boolean;
  sendFeatureFlags?: boolean | SendFeatureFlagsOptions;
}

/** What a hook may return: the event (changed or not; posthog-node's `EventMessage` fits), or `null` to drop it. */
export interface BeforeSendResult {
  event: string;
  distinctId?: string;
  properties?: Record<string | number, unknown>;
  groups?: Record<string, string | number>;
  timestamp?: Date | string | number;
  uuid?: string;
  disableGeoip?: boolean;
}

/**
 * A hook run on each event before it is queued. Return the event (changed or not) to send it, or
 * `null` to drop it. posthog-node's `before_send` hooks work unchanged.
 * @example beforeSend: (event) => (event.event === 'health check' ? null : event)
 */
export type BeforeSendFn = (event: BeforeSendEvent) => BeforeSendResult | null;

/** The composed chain: the hooks' result, or `null` when the event is dropped. @internal */
export type BeforeSendChain = (event: BeforeSendEvent) => BeforeSendResult | null;

/**
 * Composes hooks into one step, once at construction. Hooks run in order; `null` drops the event
 * and stops the chain; a hook that throws (or returns something that is not an event) drops it too,
 * with a warning — fail closed: neither the original nor a partial result is sent
 * (spec before-send-hook).
 * @internal
 */
export function composeBeforeSend(hooks: BeforeSendFn | BeforeSendFn[] | undefined, logger: Logger): BeforeSendChain | undefined {
  const list = (Array.isArray(hooks) ? hooks : hooks === undefined ? [] : [hooks]).filter((h) => typeof h === 'function');
  if (list.length === 0) return undefined;
  return (event) => {
    let current: BeforeSendResult | null = event;
    for (let i = 0; i < list.length; i++) {
      try {
        current = list[i](current as BeforeSendEvent);
      } catch (error) {
        logger.warn(`beforeSend hook #${i + 1} threw; event "${excerpt(event.event)}" dropped: ${excerpt(error)}`);
        return null;
      }
      if (current === null || current === undefined) {
        logger.debug(`beforeSend hook #${i + 1} dropped event "${excerpt(event.event)}"`);
        return null;
      }
      const properties: unknown = current.properties;
      if (typeof current !== 'object' || typeof current.event !== 'string' || (properties !== undefined && (typeof properties !== 'object' || properties === null))) {
        logger.warn(`beforeSend hook #${i + 1} returned something that is not an event; "${excerpt(event.event)}" dropped`);
        return null;
      }
    }
    return current;
  };
}
