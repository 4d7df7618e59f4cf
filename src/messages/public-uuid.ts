import { uuidv7 as uuidv7At } from './uuid.js';

/**
 * A new UUIDv7 (time-ordered, RFC 9562), as posthog-node's `uuidv7()`: what the SDK gives each event.
 * @example posthog.capture({ distinctId: 'user-1', event: 'x', uuid: uuidv7() })
 */
export function uuidv7(): string {
  return uuidv7At(Date.now());
}
