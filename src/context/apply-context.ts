import type { CaptureMessage } from '../messages/message.js';
import { uuidv7 } from '../messages/uuid.js';
import { readDistinctId } from '../messages/validate.js';
import type { RequestContext } from './request-context.js';

/**
 * Fills a capture from the request context (spec tracing-headers): an explicit distinct id wins over
 * the context's; context properties (`$session_id`, `$current_url` …) sit under the caller's; with no
 * id anywhere inside a context the event becomes personless — a generated id and
 * `$process_person_profile: false`, unless the caller set that property. Outside a context the
 * message is returned as is (a missing id is then a validation error).
 * @internal
 */
export function applyRequestContext(message: CaptureMessage, context: RequestContext | undefined, nowMs: number): CaptureMessage {
  if (context === undefined || message === null || typeof message !== 'object') return message;
  const properties: Record<string, unknown> = { ...context.properties };
  if (context.sessionId !== undefined && properties.$session_id === undefined) properties.$session_id = context.sessionId;
  if (message.properties !== null && typeof message.properties === 'object') Object.assign(properties, message.properties);
  let distinctId = readDistinctId(message.distinctId) ?? readDistinctId(context.distinctId);
  if (distinctId === undefined) {
    distinctId = uuidv7(nowMs);
    if (properties.$process_person_profile === undefined) properties.$process_person_profile = false;
  }
  return { ...message, distinctId, properties };
}
