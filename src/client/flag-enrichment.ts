import { PostHogValidationError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import type { FlagValue } from '../flags/flag-source.js';
import { stringifyCompact } from '../messages/compact-json.js';
import type { FlagValuesSnapshot } from '../messages/message.js';

/**
 * The values of a capture's `flags` snapshot, copied into a plain object: a snapshot whose
 * `values()` throws, returns no object or has values that cannot be read is bad input, reported
 * naming `flags` like any other bad field, never thrown to the caller.
 * @internal
 */
export function readSnapshotValues(snapshot: FlagValuesSnapshot): Record<string, FlagValue> {
  let values: unknown;
  try {
    values = snapshot.values();
    if (values === null || typeof values !== 'object') throw new TypeError(`it returned ${values === null ? 'null' : typeof values}, not an object`);
    return { ...(values as Record<string, FlagValue>) };
  } catch (error) {
    throw new PostHogValidationError('flags', `values() could not be read: ${excerpt(error)}`, { cause: error });
  }
}

/**
 * Adds `$feature/<key>` for every flag and `$active_feature_flags` (sorted keys of enabled flags,
 * omitted when empty) to a serialised event. Caller-set keys win (reference: events.md §6).
 * @internal
 */
export function enrichWithFlags(json: string, flags: Record<string, FlagValue>): string {
  const keys = Object.keys(flags);
  if (keys.length === 0) return json;
  const event = JSON.parse(json) as { properties: Record<string, unknown> };
  const properties = event.properties;
  const active: string[] = [];
  for (const key of keys) {
    const value = flags[key];
    if (!(`$feature/${key}` in properties)) properties[`$feature/${key}`] = value;
    if (value !== false) active.push(key);
  }
  if (active.length > 0 && !('$active_feature_flags' in properties)) properties.$active_feature_flags = active.sort();
  return stringifyCompact(event);
}
